# Nothing untested to report: tested alternatives and buffers, an
# untested dependency outside any group, and a group of one member, which
# is no group: its member is no alternative.
service "status" {
  depends_on "console" { group = "publish" }
  depends_on "backup" { group = "publish" }
  depends_on "dns" {
    group  = "solo"
    tested = false
  }
  depends_on "auth" {
    tested = false
    buffer {
      fills_in = "1h"
      on_full  = "fail"
      tested   = true
    }
  }
}

service "console" {}
service "backup" {}
service "dns" {}
service "auth" {}
