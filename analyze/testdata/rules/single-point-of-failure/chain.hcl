# checkout -> api -> db, where api's buffer on db blocks when full: after
# 30 minutes of a db outage api is out, and checkout with it. One finding
# per cause names every critical service it takes out, the nearest first:
# db's finding says checkout too, through api.
service "checkout" {
  criticality = "critical"
  depends_on "api" {} # want "^api is a single point of failure of checkout \(critical\)$" path "checkout -> api"
}

service "api" {
  criticality = "critical"
  depends_on "db" { # want "^db is a single point of failure of 2 critical services: api, and checkout through api$" path "api -> db"
    impact = "degraded"
    buffer {
      fills_in = "30m"
      on_full  = "block"
    }
  }
}

service "db" {
  role = "storage"
}
