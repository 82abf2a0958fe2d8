# Referenced as "resource:assets-bucket" at testdata/backstage/catalog-info.yaml:24; no file given defines it.
service "assets-bucket" {
}

# "billing/ledger" in the source
service "billing-ledger" {
  tags = ["type:service", "owner:team-billing", "lifecycle:production"]
}

service "frontend" {
  title = "Web storefront"
  tags  = ["type:website", "owner:team-shop", "system:shop", "lifecycle:production", "web", "typescript"]

  depends_on "assets-bucket" {
    note = "backstage testdata/backstage/catalog-info.yaml:24 (dependsOn)"
  }

  depends_on "billing-ledger" {
    note = "backstage testdata/backstage/catalog-info.yaml:23 (dependsOn)"
  }

  depends_on "orders" {
    note = "backstage testdata/backstage/catalog-info.yaml:22 (dependsOn)"
  }
}

service "orders" {
  tags = ["type:service", "owner:team-orders", "system:shop", "lifecycle:production"]

  depends_on "orders-db" {
    note = "backstage testdata/backstage/catalog-info.yaml:36 (dependsOn), testdata/backstage/catalog-info.yaml:50 (dependencyOf)"
  }

  depends_on "payments" {
    note = "backstage testdata/backstage/catalog-info.yaml:37 (dependsOn)"
  }
}

service "orders-db" {
  role = "storage"
  tags = ["type:database", "owner:team-orders", "system:shop"]
}

service "payments" {
  tags = ["type:service", "owner:team-payments", "lifecycle:experimental"]

  depends_on "billing-ledger" {
    note = "backstage testdata/backstage/more.yaml:29 (dependencyOf)"
  }

  depends_on "orders-db" {
    note = "backstage testdata/backstage/more.yaml:9 (dependsOn)"
  }
}

service "reports" {
  tags = ["type:service", "owner:team-orders", "lifecycle:production"]

  depends_on "orders-db" {
    note = "backstage testdata/backstage/catalog-info.yaml:51 (dependencyOf)"
  }
}
