# "aws_instance.web[0]" in the source
service "aws_instance.web-0-" {
  tags = ["type:aws_instance"]

  depends_on "aws_security_group.web" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }

  depends_on "module.db.aws_db_instance.main" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }
}

# "aws_instance.web[1]" in the source
service "aws_instance.web-1-" {
  tags = ["type:aws_instance"]

  depends_on "aws_security_group.web" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }

  depends_on "module.db.aws_db_instance.main" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }
}

service "aws_lb.front" {
  tags = ["type:aws_lb"]

  depends_on "aws_instance.web-0-" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }

  depends_on "aws_instance.web-1-" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }

  depends_on "aws_security_group.web" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }
}

service "aws_security_group.web" {
  tags = ["type:aws_security_group"]

  depends_on "module.network.aws_vpc.main" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }
}

service "module.db.aws_db_instance.main" {
  tags = ["type:aws_db_instance", "module:module.db"]

  depends_on "module.network.aws_subnet.private--a--" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }

  depends_on "module.network.aws_subnet.private--b--" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }
}

# "module.network.aws_subnet.private[\"a\"]" in the source
service "module.network.aws_subnet.private--a--" {
  tags = ["type:aws_subnet", "module:module.network"]

  depends_on "module.network.aws_vpc.main" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }
}

# "module.network.aws_subnet.private[\"b\"]" in the source
service "module.network.aws_subnet.private--b--" {
  tags = ["type:aws_subnet", "module:module.network"]

  depends_on "module.network.aws_vpc.main" {
    note = "terraform testdata/terraform/state.json (depends_on)"
  }
}

service "module.network.aws_vpc.main" {
  tags = ["type:aws_vpc", "module:module.network"]
}
