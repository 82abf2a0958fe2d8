# api needs queue, which needs db: both take api out, and the finding names
# the nearest, queue; db is queue's single point of failure, and queue is
# not critical.
service "api" {
  criticality = "critical"
  depends_on "queue" {} # want error "^queue is a single point of failure of api \(critical\): its failure alone takes api out$" path "api -> queue"
}

service "queue" {
  depends_on "db" {}
}

service "db" {
  role = "storage"
}
