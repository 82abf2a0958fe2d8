# A message names at most six services per list and counts the rest: the
# subjects (and the JSON) hold them all.
service "hub" {
  criticality = "critical"
  depends_on "root" {} # want "^root is a single point of failure of 8 critical services: hub, and 7 more through hub$" path "hub -> root"
}

service "s1" {
  criticality = "critical"
  depends_on "hub" {} # want "^hub is a single point of failure of 7 critical services: s1, s2, s3, s4, s5, s6 and 1 more$" path "s1 -> hub"
}
service "s2" {
  criticality = "critical"
  depends_on "hub" {}
}
service "s3" {
  criticality = "critical"
  depends_on "hub" {}
}
service "s4" {
  criticality = "critical"
  depends_on "hub" {}
}
service "s5" {
  criticality = "critical"
  depends_on "hub" {}
}
service "s6" {
  criticality = "critical"
  depends_on "hub" {}
}
service "s7" {
  criticality = "critical"
  depends_on "hub" {}
}

service "root" {}
