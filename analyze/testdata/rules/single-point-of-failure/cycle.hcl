# api and auth need each other: each takes the other out, and db takes out
# both, neither through the other (members of one cycle are equally near).
service "api" {
  criticality = "critical"
  depends_on "auth" {} # want "^auth is a single point of failure of api \(critical\)$" path "api -> auth"
  depends_on "db" {}   # want "^db is a single point of failure of 2 critical services: api and auth$" path "api -> db"
}

service "auth" {
  criticality = "critical"
  depends_on "api" {} # want "^api is a single point of failure of auth \(critical\)$" path "auth -> api"
  depends_on "db" {}
}

service "db" {}
