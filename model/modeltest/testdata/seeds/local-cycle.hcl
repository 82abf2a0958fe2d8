locals { a = local.a }
