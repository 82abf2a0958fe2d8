service "aws_cloudfront_distribution.cdn" {
  tags = ["type:aws_cloudfront_distribution"]

  depends_on "aws_s3_bucket.logs" {
    note = "terraform testdata/terraform/plan.json (depends_on)"
  }
}

service "aws_s3_bucket.logs" {
  tags = ["type:aws_s3_bucket"]
}
