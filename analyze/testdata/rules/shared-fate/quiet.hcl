# Below the thresholds (three roles, or two critical services): two
# services of one role share db.
service "db" {
  role = "storage"
}

service "a" {
  depends_on "db" {}
}

service "b" {
  depends_on "db" {}
}
