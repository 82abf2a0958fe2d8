# api needs queue, which needs db: both take api out, each in its own
# finding (one per cause). db's names api, the critical service it takes
# out, with the chain through queue, which is not critical.
service "api" {
  criticality = "critical"
  depends_on "queue" {} # want error "^queue is a single point of failure of api \(critical\)$" path "api -> queue" error "^db is a single point of failure of api \(critical\); its failure alone takes out 2 services in all$" path "api -> queue -> db"
}

service "queue" {
  depends_on "db" {}
}

service "db" {
  role = "storage"
}
