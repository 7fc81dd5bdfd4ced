/**
 * Stand-ins for the Kubernetes packages that cannot run here (kubeadm, kubelet, kubectl):
 * real .deb packages, named as stand-ins in their descriptions, whose programs record every
 * call (arguments and stdin) in CALLS_LOG and do what the roles rely on: kubeadm writes the
 * files kubeadm writes and prints a join command and certificate key; `kubeadm join` fails
 * on a wrong token or key; kubectl reports created / unchanged as kubectl apply does.
 *
 * Tokens are derived from a secret baked into each build of the packages, so a joining host
 * can check a token without reaching the control plane.
 */
import { randomBytes } from 'node:crypto';
import type { AptPackageSpec } from '../fixtures/apt-repo.js';

export const CALLS_LOG = '/var/log/kplay-standin/calls.log';
export const STANDIN_VERSION = '1.30.2-1.1';

/* Appends `<prog>\t<arg>\t<arg>...` and, when stdin is not a terminal or /dev/null, its text. */
const RECORD = `record() {
  mkdir -p /var/log/kplay-standin
  { printf '%s' "$PROG"; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> ${CALLS_LOG}
}`;

function kubeadm(secret: string): string {
  return `#!/bin/sh
# STAND-IN for kubeadm (kplay tests): records its calls, writes kubeadm's files.
PROG=kubeadm
${RECORD}
record "$@"
SECRET='${secret}'
derive() { printf '%s' "$SECRET:$1" | sha256sum | cut -c1-$2; }
token() { printf '%s.%s' "$(derive token-a 6)" "$(derive token-b 16)"; }
certkey() { derive certkey 64; }
endpoint() { sed -n 's/^controlPlaneEndpoint: *//p' /etc/kubernetes/kubeadm-config.yaml 2>/dev/null | head -n1; }
kubeconfig() { mkdir -p /etc/kubernetes; printf 'apiVersion: v1\\nkind: Config\\n# stand-in %s for %s\\nclusters: []\\n' "$1" "$(hostname)" > "/etc/kubernetes/$1"; }
manifests() { mkdir -p /etc/kubernetes/manifests; for c in kube-apiserver kube-controller-manager kube-scheduler etcd; do printf 'apiVersion: v1\\nkind: Pod\\nmetadata: {name: %s}\\n' $c > /etc/kubernetes/manifests/$c.yaml; done; }
case "$1 $2" in
  "init --config"|"init "*)
    if [ "$2" = phase ]; then
      echo "[upload-certs] Storing the certificates in Secret \\"kubeadm-certs\\" in the \\"kube-system\\" Namespace"
      echo "[upload-certs] Using certificate key:"
      certkey
      exit 0
    fi
    [ -f /etc/kubernetes/admin.conf ] && { echo "[ERROR FileAvailable--etc-kubernetes-admin.conf]: /etc/kubernetes/admin.conf already exists" >&2; exit 1; }
    kubeconfig admin.conf; kubeconfig kubelet.conf; kubeconfig controller-manager.conf; kubeconfig scheduler.conf; manifests
    echo "Your Kubernetes control-plane has initialized successfully!"
    exit 0 ;;
  "token create")
    echo "kubeadm join $(endpoint) --token $(token) --discovery-token-ca-cert-hash sha256:$(derive ca 64) "
    exit 0 ;;
  "join "*)
    shift
    tok=''; key=''; cp=no
    while [ $# -gt 0 ]; do
      case "$1" in
        --token) tok=$2; shift ;;
        --certificate-key) key=$2; shift ;;
        --control-plane) cp=yes ;;
      esac
      shift
    done
    [ "$tok" = "$(token)" ] || { echo "error execution phase preflight: couldn't validate the identity of the API Server: invalid bootstrap token" >&2; exit 1; }
    if [ $cp = yes ]; then
      [ "$key" = "$(certkey)" ] || { echo "error execution phase control-plane-prepare/download-certs: error downloading certs: error decoding certificate key" >&2; exit 1; }
      kubeconfig admin.conf; manifests
    fi
    [ -f /etc/kubernetes/kubelet.conf ] && { echo "[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists" >&2; exit 1; }
    kubeconfig kubelet.conf
    echo "This node has joined the cluster"
    exit 0 ;;
  "version "*|"version")
    echo "kubeadm version: v1.30.2 (stand-in)"; exit 0 ;;
esac
echo "stand-in kubeadm: unsupported call: $*" >&2
exit 2
`;
}

const KUBECTL = `#!/bin/sh
# STAND-IN for kubectl (kplay tests): records its calls; apply answers created, then unchanged.
PROG=kubectl
${RECORD}
record "$@"
state=/var/lib/kplay-standin/applied
mkdir -p "$state"
file=''
prev=''
for a in "$@"; do
  [ "$prev" = -f ] && file=$a
  prev=$a
done
case " $* " in
  *" apply "*)
    [ -n "$file" ] || { echo "error: must specify one of -f and -k" >&2; exit 1; }
    if [ -f "$file" ]; then sum=$(sha256sum < "$file" | cut -c1-64); else sum=$(printf '%s' "$file" | sha256sum | cut -c1-64); fi
    key=$(printf '%s' "$file" | sha256sum | cut -c1-16)
    name=$(basename "$file" | sed 's/\\..*//')
    if [ ! -f "$state/$key" ]; then echo "configmap/$name created"
    elif [ "$(cat "$state/$key")" != "$sum" ]; then echo "configmap/$name configured"
    else echo "configmap/$name unchanged"; fi
    printf '%s' "$sum" > "$state/$key"
    exit 0 ;;
  *" version "*) echo "Client Version: v1.30.2 (stand-in)"; exit 0 ;;
esac
echo "stand-in kubectl: unsupported call: $*" >&2
exit 2
`;

const KUBELET = `#!/bin/sh
# STAND-IN for kubelet (kplay tests): records its calls and idles as the service would.
PROG=kubelet
${RECORD}
record "$@"
[ "$1" = --version ] && { echo "Kubernetes v1.30.2 (stand-in)"; exit 0; }
exec sleep infinity
`;

const KUBELET_UNIT = `[Unit]
Description=kubelet STAND-IN (kplay tests)
[Service]
ExecStart=/usr/bin/kubelet
Restart=no
[Install]
WantedBy=multi-user.target
`;

/** The three stand-in packages, with a fresh token secret. */
export function kubernetesStandIns(): AptPackageSpec[] {
  const secret = randomBytes(16).toString('hex');
  const description = (what: string) => `STAND-IN ${what} for kplay tests (records its calls; not Kubernetes)`;
  return [
    { name: 'kubeadm', version: STANDIN_VERSION, description: description('kubeadm'), files: { '/usr/bin/kubeadm': { content: kubeadm(secret), mode: 0o755 } } },
    { name: 'kubectl', version: STANDIN_VERSION, description: description('kubectl'), files: { '/usr/bin/kubectl': { content: KUBECTL, mode: 0o755 } } },
    {
      name: 'kubelet',
      version: STANDIN_VERSION,
      description: description('kubelet'),
      files: { '/usr/bin/kubelet': { content: KUBELET, mode: 0o755 }, '/lib/systemd/system/kubelet.service': KUBELET_UNIT },
    },
  ];
}

/** One recorded call: the program and its arguments. */
export interface StandInCall {
  readonly prog: string;
  readonly args: string[];
}

export function parseCalls(log: string | undefined): StandInCall[] {
  return (log ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [prog = '', ...args] = line.split('\t');
      return { prog, args };
    });
}
