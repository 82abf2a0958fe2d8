service "a" {
  depends_on "a" {}
}
