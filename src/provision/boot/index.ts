export { BootServices, staticLeases, type BootServicesOptions } from './boot-services.js';
export { Booter, type ArmedHost, type BootEvent, type BootEventKind, type InstallCallback } from './booter.js';
export { BootHttpServer, redact, type BootHttpOptions } from './http-server.js';
export { renderDnsmasqConfig, type DnsmasqConfigInput, type StaticLease } from './dnsmasq-config.js';
export { DnsmasqProcess, DnsmasqError, type DnsmasqOptions } from './dnsmasq.js';
export { renderAnswerFile, renderTemplateText, AnswerFileError } from './answer-file.js';
export { genericIpxeScript, hostIpxeScript } from './ipxe-script.js';
export { hostUrls, hostVars, type HostUrls } from './host-vars.js';
export { interfaceAddress, networkOf, ProvisioningInterfaceError, type InterfaceAddress } from './network.js';
