/** Script fragment: the network collector (ip route/addr, /sys/class/net, ethtool). */
const NET = '/sys/class/net/*';
const SYS_FILES = [
  'address', 'mtu', 'operstate', 'type', 'speed', 'flags', 'bridge/bridge_id', 'bridge/stp_state',
  'bonding/slaves', 'bonding/mode', 'bonding/miimon', 'bonding/lacp_rate', 'bonding/primary',
  'bonding/all_slaves_active', 'bonding_slave/perm_hwaddr',
];
const KINDS = ['', '/address', '/mtu', '/operstate', '/type', '/bridge', '/bonding', '/bonding_slave', '/device', '/speed', '/flags', '/bridge/bridge_id', '/bridge/stp_state', '/bonding/all_slaves_active', '/device/driver/module'];

export const NETWORK = String.raw`
if B ip; then
  _ip=$BP
  S kv; K ip "$_ip"
  C route_v4 "$_ip" -4 route get 8.8.8.8
  C route_v6 "$_ip" -6 route get 2404:6800:400a:800::1012
  C ip_addr "$_ip" addr show
  D /sys/class/net
  G ${SYS_FILES.map((f) => `${NET}/${f}`).join(' ')}
  X ${KINDS.map((k) => `${NET}${k}`).join(' ')}
  LN ${NET}/device ${NET}/device/driver/module
  S x
  for _e in ${NET}/brif/*; do [ -e "$_e" ] && printf 'e %s\n' "$_e"; done
  if B ethtool; then
    _e=$BP
    for _d in ${NET}; do
      _d=$(basename "$_d")
      C "ethtool_k $_d" "$_e" -k "$_d"
      C "ethtool_T $_d" "$_e" -T "$_d"
    done
  fi
fi
`;
