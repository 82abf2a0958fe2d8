

# header comment
locals {
a=1
  long_name = 2
}
service "x" {
    title="x"
  tags = ["a","b"]
    fleet {
  servers=3
    }
}



# about y
service "y" {
  depends_on "x" {
    impact="degraded"   # trailing
  }
}
policy {}


# the end


