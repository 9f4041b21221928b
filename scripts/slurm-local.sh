#!/usr/bin/env bash
# A single-node Slurm on this machine, from Debian's packages, for CI and for trying the sbatch
# scripts that `rambo-bench slurm` writes before taking them to a real cluster.
#
#   scripts/slurm-local.sh start    install slurm-wlm and munge if missing, write the config,
#                                   start munged, slurmctld and slurmd, wait until the node is idle
#   scripts/slurm-local.sh stop     stop the three daemons
#   scripts/slurm-local.sh status   sinfo and squeue
#
# Needs root (the daemons run as root, munged as user munge) and no systemd. The node is this
# host (hostname -s) with all its CPUs (nproc), in one partition `local`. State, spool and logs go
# under SLURM_LOCAL_DIR (default /var/tmp/slurm-local); the config is /etc/slurm/slurm.conf,
# where the client commands (sbatch, squeue, scontrol) look for it.
set -euo pipefail

DIR=${SLURM_LOCAL_DIR:-/var/tmp/slurm-local}
CONF=/etc/slurm/slurm.conf
MARK="# written by scripts/slurm-local.sh"
NODE=$(hostname -s)
WAIT_SECONDS=${SLURM_LOCAL_WAIT:-60}

die() { echo "slurm-local: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (it installs packages and starts the Slurm daemons)"

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
      && command -v munged >/dev/null; then
    return
  fi
  echo "slurm-local: installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm slurm-client munge >/dev/null
}

write_config() {
  if [ -f "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
    die "$CONF exists and was not written by this script; move it away first"
  fi
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" /etc/slurm
  # cons_tres with CR_CPU: a task takes the CPUs it asks for (default 1), memory is not tracked.
  # linuxproc and task/none: no cgroups, so it runs in containers and on machines without systemd.
  # A requeued job waits cred_expire seconds before it starts again (120 by default) and pending
  # jobs are looked at every sched_interval seconds (60): shortened, so tests wait seconds, not minutes.
  cat >"$CONF.tmp" <<EOF
$MARK
ClusterName=local
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=cred_expire=10
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=1
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
KillWait=30
NodeName=$NODE CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start_munge() {
  if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --force --keyfile=/etc/munge/munge.key
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
  fi
  for _ in $(seq 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return
    sleep 0.1
  done
  die "munged did not start (see /var/log/munge/munged.log)"
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_idle() {
  local deadline=$((SECONDS + WAIT_SECONDS)) state=""
  while [ $SECONDS -lt $deadline ]; do
    state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
    case "$state" in
      idle|mixed|allocated) return ;;
      down*|drain*) scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.2
  done
  die "node $NODE not idle after ${WAIT_SECONDS}s (state '${state:-none}'; logs in $DIR/log)"
}

start() {
  local t0=$SECONDS
  install_packages
  local t1=$SECONDS
  write_config
  start_munge
  running "$DIR/slurmctld.pid" || /usr/sbin/slurmctld -i
  running "$DIR/slurmd.pid" || /usr/sbin/slurmd
  wait_idle
  echo "slurm-local: node $NODE ($(nproc) CPUs, partition local) idle; install $((t1 - t0))s, start $((SECONDS - t1))s; logs in $DIR/log"
}

stop_daemon() {
  local pidfile=$1 name=$2
  if running "$pidfile"; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 0.1
    done
    die "$name (pid $pid) did not stop within 10 s"
  fi
}

stop() {
  stop_daemon "$DIR/slurmd.pid" slurmd
  stop_daemon "$DIR/slurmctld.pid" slurmctld
  if [ -f /run/munge/munged.pid ]; then
    stop_daemon /run/munge/munged.pid munged
  fi
  echo "slurm-local: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo; squeue ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
