/**
 * The content's stand-in Kubernetes packages (test/k8s/standins.ts), with what the cluster
 * commands need on top: `kubeadm reset` (removes /etc/kubernetes, as the real one does) and
 * a switch that makes `kubeadm join` fail (the file /etc/kplay-standin/fail-join exists), and
 * `kubectl delete node`.
 */
import type { AptPackageSpec } from '../../fixtures/apt-repo.js';
import { kubernetesStandIns } from '../../k8s/standins.js';

export const FAIL_JOIN_MARKER = '/etc/kplay-standin/fail-join';

const EXTRA = `[ "$1" = join ] && [ -e ${FAIL_JOIN_MARKER} ] && { echo "error execution phase kubelet-start: told to fail by ${FAIL_JOIN_MARKER} (kplay test)" >&2; exit 1; }
[ "$1" = reset ] && { rm -rf /etc/kubernetes; echo "[reset] stand-in: /etc/kubernetes removed"; exit 0; }
case "$1 $2" in`;

/** `kubectl delete node` (kplay cluster remove asks the first control plane to forget the node). */
const KUBECTL_EXTRA = `case " $* " in
  *" delete node "*) echo "node deleted (stand-in)"; exit 0 ;;`;

export function clusterStandIns(): AptPackageSpec[] {
  return kubernetesStandIns().map((spec) => {
    if (spec.name === 'kubectl') {
      const file = spec.files?.['/usr/bin/kubectl'];
      if (!file || typeof file === 'string' || !file.content.includes('case " $* " in')) throw new Error('the kubectl stand-in changed shape: update test/cluster/helpers/standins.ts');
      return { ...spec, files: { ...spec.files, '/usr/bin/kubectl': { ...file, content: file.content.replace('case " $* " in', KUBECTL_EXTRA) } } };
    }
    if (spec.name !== 'kubeadm') return spec;
    const file = spec.files?.['/usr/bin/kubeadm'];
    if (!file || typeof file === 'string' || !file.content.includes('case "$1 $2" in')) throw new Error('the kubeadm stand-in changed shape: update test/cluster/helpers/standins.ts');
    return { ...spec, files: { ...spec.files, '/usr/bin/kubeadm': { ...file, content: file.content.replace('case "$1 $2" in', EXTRA) } } };
  });
}
