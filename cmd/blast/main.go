// Command blast finds the hidden couplings that turn a small change into a
// large outage: blast radius, single points of failure, monitoring that shares
// fate with what it watches, O(N^2) scaling hotspots, time-to-failure
// cascades and fleet simulations, from services declared in HCL.
package main

import "os"

func main() { os.Exit(run(os.Args[1:])) }
