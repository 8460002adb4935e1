#!/usr/bin/env bash
# Starts a one-machine Slurm cluster (munge, slurmctld, two slurmd) for the integration tests and for
# trying the Slurm backend locally. Run as root. Idempotent: a second run leaves a healthy cluster
# alone, and restarts the daemons only when the configuration changed or one of them is down.
#
# Two Slurm nodes, oc-n1 and oc-n2, run on this one machine (one slurmd each, on their own ports:
# Slurm's documented way to emulate a bigger cluster), so that multi-node jobs really span nodes.
# Their names resolve to 127.0.0.1 through /etc/hosts, as a real cluster's node names resolve.
#
#   bash scripts/slurm-up.sh          start (or check) the cluster
#   bash scripts/slurm-up.sh --down   stop the daemons this script starts (munged too)
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "slurm-up: must run as root (Slurm runs as SlurmUser=root here)" >&2
  exit 2
fi
for bin in munged slurmctld slurmd sinfo; do
  command -v "$bin" >/dev/null || { echo "slurm-up: $bin not found (apt-get install -y slurm-wlm munge)" >&2; exit 2; }
done

stop_daemon() {
  # Stops the daemon recorded in a pid file (never by name: other users' processes stay untouched).
  local pidfile=$1
  if [ -f "$pidfile" ]; then
    local pid
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  fi
}

NODES=(oc-n1 oc-n2)
stop_slurmds() {
  stop_daemon /run/slurmd.pid
  for n in "${NODES[@]}"; do stop_daemon "/run/slurmd-$n.pid"; done
}

if [ "${1:-}" = "--down" ]; then
  stop_slurmds
  stop_daemon /run/slurmctld.pid
  stop_daemon /run/munge/munged.pid
  echo "slurm-up: slurmd, slurmctld and munged stopped"
  exit 0
fi

host=$(hostname -s)
cpus=$(nproc)
mem_total_mib=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
# Leave room for the OS and for everything else the machine runs.
real_mem=$(( mem_total_mib * 3 / 8 ))

mkdir -p /etc/slurm /var/spool/slurmctld /var/log/slurm /run/munge /var/log/munge /var/lib/munge
for n in "${NODES[@]}"; do mkdir -p "/var/spool/slurmd/$n"; done
if ! grep -q 'oc-n1' /etc/hosts; then
  echo "127.0.0.1 ${NODES[*]}  # Slurm test nodes of scripts/slurm-up.sh" >> /etc/hosts
fi

conf=$(cat <<EOF
# Written by scripts/slurm-up.sh: a one-machine cluster for OpenClaw's tests.
ClusterName=openclaw
SlurmctldHost=$host
AuthType=auth/munge
SlurmUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd/%n
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd-%n.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd-%n.log
SlurmdParameters=config_overrides
# Finished jobs stay visible to squeue/scontrol for a while: there is no accounting database here.
MinJobAge=600
# Requeued jobs may start again at once (the default holds them for a while).
SchedulerParameters=bf_interval=1,sched_min_interval=100000
DefMemPerCPU=256
NodeName=oc-n1 NodeHostname=$host NodeAddr=127.0.0.1 Port=17001 CPUs=$cpus RealMemory=$real_mem State=UNKNOWN
NodeName=oc-n2 NodeHostname=$host NodeAddr=127.0.0.1 Port=17002 CPUs=$cpus RealMemory=$real_mem State=UNKNOWN
PartitionName=debug Nodes=oc-n[1-2] Default=YES MaxTime=INFINITE State=UP
EOF
)

changed=0
if [ ! -f /etc/slurm/slurm.conf ] || [ "$(cat /etc/slurm/slurm.conf)" != "$conf" ]; then
  printf '%s\n' "$conf" > /etc/slurm/slurm.conf
  changed=1
fi

# munge: the package ships a key; make one if it is missing.
if [ ! -s /etc/munge/munge.key ]; then
  if command -v mungekey >/dev/null; then mungekey --create --force; else dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; fi
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
chmod 700 /etc/munge
chmod 600 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  su -s /bin/sh munge -c /usr/sbin/munged
  for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

running() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

if [ "$changed" = 1 ]; then
  stop_slurmds
  stop_daemon /run/slurmctld.pid
fi
running /run/slurmctld.pid || slurmctld
for n in "${NODES[@]}"; do running "/run/slurmd-$n.pid" || slurmd -N "$n"; done

# Wait until both nodes take jobs.
node_states() { sinfo -h -N -p debug -o '%N %T' 2>/dev/null || true; }
for _ in $(seq 1 100); do
  up=0
  while read -r name state; do
    case "$state" in
      idle|mixed|allocated|completing) up=$((up + 1)) ;;
      down*|drain*) scontrol update NodeName="$name" State=RESUME 2>/dev/null || true ;;
    esac
  done < <(node_states)
  [ "$up" -ge "${#NODES[@]}" ] && break
  sleep 0.2
done
if [ "$up" -ge "${#NODES[@]}" ]; then
  echo "slurm-up: partition debug is up: ${NODES[*]} on $host ($cpus CPUs, $real_mem MiB each)"
else
  echo "slurm-up: the nodes did not come up: $(node_states | tr '\n' ' '); see /var/log/slurm/" >&2
  exit 1
fi
