# A "highly available" control plane runs in two facilities, but a queue
# it cannot do without runs only in the first: a power loss there takes
# the control plane out. The finding names the facility and the control
# plane together (subjects ["facility-a", "control-plane"]), with the
# chain through the queue; facility-b is no single point of failure.
service "control-plane" {
  role        = "control-plane"
  criticality = "critical"
  depends_on "facility-a" { group = "site" }
  depends_on "facility-b" { group = "site" }
  depends_on "queue" {} # want "^facility-a is a single point of failure of control-plane \(critical\); its failure alone takes out 2 services in all$" path "control-plane -> queue -> facility-a" "^queue is a single point of failure of control-plane \(critical\)$" path "control-plane -> queue"
}

service "queue" {
  criticality = "high"
  depends_on "facility-a" {}
}

service "facility-a" {
  role = "network"
}

service "facility-b" {
  role = "network"
}
