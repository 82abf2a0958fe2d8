# CrowdStrike Falcon, 2024-07-19: one content update, sent to every Windows
# host at once through the channel that all of them share, crashed about
# 8.5 million machines; most had to be repaired one by one.
#
# Sources: CrowdStrike, "External Technical Root Cause Analysis: Channel
# File 291", 2024-08-06, published with the remediation guidance at
# https://www.crowdstrike.com/falcon-content-update-remediation-and-guidance-hub/
# and "Technical Details: Falcon Update for Windows Hosts", 2024-07-19,
# https://www.crowdstrike.com/blog/technical-details-on-todays-outage/
# (the 8.5 million devices are Microsoft's estimate, 2024-07-20,
# https://blogs.microsoft.com/blog/2024/07/20/helping-our-customers-through-the-crowdstrike-outage/).
# The facts below are theirs, in our own words; what they do not say is
# marked "assumption". The customer estate (check-in, clinical
# workstations) stands for the sectors widely reported hit; it is not in
# the RCA.
#
# What happened, in short. The Falcon sensor runs in the Windows kernel and
# takes detection content ("channel files") from CrowdStrike's cloud
# several times a day, on every host at once, with no staged rollout for
# this kind of content. At 04:09 UTC a content update for channel file 291
# used a 21st input field where the sensor's code supplied 20; the content
# validator passed it, and every Windows host running sensor 7.11 or later
# that was online and took it read out of bounds and crashed, again at each
# boot. The update was reverted at 05:27 UTC (78 minutes later), but a
# crashed host could not fetch the fix: many needed hands-on repair (boot
# into safe mode or the recovery environment, delete the file), often with
# a BitLocker recovery key. About 99% of Windows sensors were back online by
# 2024-07-29, 20:00 EDT. macOS and Linux hosts were not affected.
#
# Run:   blast analyze examples/crowdstrike-2024
#        blast cascade examples/crowdstrike-2024 --fail content-channel --at 2024-07-19T04:09:00Z
#
# What blast finds: the content channel is a single point of failure of
# every critical service that runs on a Windows host with the sensor (the
# hidden common dependency of the whole estate); the sensor, which watches
# the hosts, fails with them; recovering the fleet at the rate it was
# recovered takes over ten days, far over any RTO. What it must not flag:
# the hosts that did not run the Windows sensor (macOS and Linux).
#
# What the language cannot say yet (next language work):
# - a dependency that harms by delivering, not by failing: the channel
#   being unavailable is harmless (the sensor keeps its last content); it
#   is the update it delivers that crashes the host. Here the channel's
#   "failure" stands for that bad update;
# - staged rollout: an update reaches rings of hosts over time, so a bad
#   one stops at the first ring. `fleet.cells` counts independent cells, but
#   no rule or scenario rolls a change out cell by cell;
# - a crash loop: a failed host cannot take the fix that would repair it,
#   so recovery is manual, host by host (only its rate is modelled);
# - recovery that needs what the failure took out (recovery keys or
#   remote-management servers that ran on crashed Windows hosts themselves);
# - the one retry in the story: Microsoft's Azure status update of 07-19
#   reported virtual machines that came back after several reboots (as
#   many as 15), each boot a chance to fetch the reverted file before the
#   crash. That is a race won with some chance per try; `retry` says how
#   often a caller tries a dependency and multiplies the load on it, not
#   the odds that a try succeeds.
# No `scenario`: a fleet scenario replays a capacity addition, and nothing
# here grows with the fleet; a load scenario replays a loss of capacity
# under load, with callers' retries, and nothing here was load: hosts
# crashed on what the update contained, not on how much work they had
# (only the repair rate matters, as fleet.restart_rate). No `buffer` or
# `after`: the crash came with the update (hosts online between 04:09 and
# 05:27 UTC took it within minutes).

locals {
  # Microsoft's estimate of the Windows devices affected.
  hosts = 8500000

  # About 99% back online by 2024-07-29 20:00 EDT, 10 days and about 20
  # hours after 04:09 UTC on 07-19: roughly 8.4 million hosts in 260 hours.
  hosts_repaired_per_hour = 32400
}

# ---------------------------------------------------------------------------
# CrowdStrike's side
# ---------------------------------------------------------------------------

service "content-channel" {
  title       = "Falcon Rapid Response Content delivery (channel files)"
  role        = "control-plane"
  criticality = "critical"
  # One channel for every host, updated several times a day. Its "failure"
  # here is the bad update of 04:09 UTC, not unavailability (see above).
}

service "falcon-sensor-windows" {
  title       = "Falcon sensor for Windows 7.11+ (kernel driver)"
  role        = "monitoring"
  criticality = "critical"
  monitors    = ["windows-hosts"]

  # The sensor interprets each channel file in the kernel: the update with a
  # 21st field crashed it, and the host with it.
  depends_on "content-channel" {
    note = "channel file 291, 04:09 UTC"
  }
}

# ---------------------------------------------------------------------------
# The fleet of Windows hosts
# ---------------------------------------------------------------------------

service "windows-hosts" {
  title       = "Windows hosts running the Falcon sensor"
  criticality = "critical"

  # A kernel driver that crashes takes the host down, at every boot.
  depends_on "falcon-sensor-windows" {
    note = "kernel-mode crash (bug check) on reading the content"
  }

  fleet {
    servers = local.hosts
    # Every host took the same content at the same time: one cell.
    cells = 1
    # Repaired by hand, host by host: safe mode or the recovery environment,
    # often a BitLocker recovery key, then deleting the file.
    restart_rate = local.hosts_repaired_per_hour
    # Assumption: what a business running check-in desks and clinical
    # workstations on these hosts would want, one day. The RCA states none.
    rto = "1d"
  }
}

service "other-hosts" {
  title       = "macOS and Linux hosts running Falcon"
  criticality = "critical"
  # They take content from the same channel, but channel file 291 is read by
  # the Windows sensor only: not affected.
  depends_on "content-channel" {
    impact = "none"
    note   = "their own channel files"
  }
}

# ---------------------------------------------------------------------------
# The customers' estate (assumption: the sectors widely reported hit)
# ---------------------------------------------------------------------------

service "airline-check-in" {
  title       = "Airline check-in and boarding desks"
  criticality = "critical"
  depends_on "windows-hosts" {}
}

service "clinical-workstations" {
  title       = "Hospital clinical workstations"
  criticality = "critical"
  depends_on "windows-hosts" {}
}

service "bank-branches" {
  title       = "Bank branch and payment terminals"
  criticality = "critical"
  depends_on "windows-hosts" {}
}

service "build-servers" {
  title       = "Build and CI servers (Linux)"
  criticality = "high"
  depends_on "other-hosts" {}
}
