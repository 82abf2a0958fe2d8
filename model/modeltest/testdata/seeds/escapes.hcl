locals { a = (((((1))))) }
service "x" { title = "\u0007" }
