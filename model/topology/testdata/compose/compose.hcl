service "api" {
  depends_on "cache" {
    impact = "degraded"
    note   = "compose testdata/compose/docker-compose.yml:16 (depends_on, required: false)"
  }

  depends_on "db" {
    note = "compose testdata/compose/docker-compose.yml:13 (depends_on, condition service_healthy)"
  }

  depends_on "mail" {
    note = "compose testdata/compose/docker-compose.override.yml:4 (depends_on)"
  }
}

service "auth" {
  depends_on "db" {
    note = "compose testdata/compose/docker-compose.yml:21 (depends_on)"
  }
}

service "cache" {
  tags = ["profile:cache"]
}

service "db" {
}

service "mail" {
}

service "queue" {
  tags = ["profile:jobs"]
}

service "web" {
  depends_on "api" {
    note = "compose testdata/compose/docker-compose.yml:7 (depends_on)"
  }

  depends_on "auth" {
    note = "compose testdata/compose/docker-compose.yml:9 (links)"
  }
}

service "worker" {
  depends_on "api" {
    note = "compose testdata/compose/docker-compose.yml:31 (network_mode)"
  }

  depends_on "queue" {
    impact = "degraded"
    note   = "compose testdata/compose/docker-compose.yml:33 (depends_on, required: false)"
  }
}
