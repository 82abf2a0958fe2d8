# CloudWatch runs on Kinesis and watches it: it fails when Kinesis fails.
service "cloudwatch" {
  role        = "monitoring"
  criticality = "critical"
  monitors    = ["kinesis"]
  depends_on "kinesis" {} # want error "^cloudwatch monitors kinesis but fails when it fails: it goes blind exactly when it is needed$" path "cloudwatch -> kinesis"
}

service "kinesis" {
  criticality = "critical"
}
