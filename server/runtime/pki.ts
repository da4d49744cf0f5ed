/**
 * Per-instance PKI for engagement challenges: a CA, a client certificate it
 * signs, the client key, and an OpenVPN client profile with them inline.
 * Keys come from Node's crypto; certificates are signed with node-forge.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface InstancePki {
  caCert: string;
  clientCert: string;
  clientKey: string;
}

async function rsaPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function serial(): string {
  // positive (high bit clear), 16 bytes
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

function makeCert(opts: {
  publicKeyPem: string;
  subjectCn: string;
  issuer: forge.pki.CertificateField[];
  signerKeyPem: string;
  isCa: boolean;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(opts.publicKeyPem);
  cert.serialNumber = serial();
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([
    { name: 'commonName', value: opts.subjectCn },
    { name: 'organizationName', value: 'ctfy local platform' },
  ]);
  cert.setIssuer(opts.issuer);
  cert.setExtensions(
    opts.isCa
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
          { name: 'subjectKeyIdentifier' },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyAgreement: true, critical: true },
          { name: 'extKeyUsage', clientAuth: true },
          { name: 'subjectKeyIdentifier' },
        ],
  );
  cert.sign(forge.pki.privateKeyFromPem(opts.signerKeyPem), forge.md.sha256.create());
  return cert;
}

export async function makeInstancePki(instanceId: string): Promise<InstancePki> {
  const [ca, client] = await Promise.all([rsaPair(), rsaPair()]);
  const caSubject = [
    { name: 'commonName', value: `ctfy instance ${instanceId} CA` },
    { name: 'organizationName', value: 'ctfy local platform' },
  ];
  const caCert = makeCert({
    publicKeyPem: ca.publicKey,
    subjectCn: `ctfy instance ${instanceId} CA`,
    issuer: caSubject,
    signerKeyPem: ca.privateKey,
    isCa: true,
  });
  const clientCert = makeCert({
    publicKeyPem: client.publicKey,
    subjectCn: `player-${instanceId}`,
    issuer: caCert.subject.attributes,
    signerKeyPem: ca.privateKey,
    isCa: false,
  });
  return {
    caCert: forge.pki.certificateToPem(caCert),
    clientCert: forge.pki.certificateToPem(clientCert),
    clientKey: client.privateKey,
  };
}

export function openVpnProfile(
  pki: InstancePki,
  remote: { host: string; port: number },
  instanceId: string,
): string {
  // node-forge writes PEM with CRLF, node:crypto with LF: the profile uses LF throughout
  const block = (tag: string, pem: string) =>
    `<${tag}>\n${pem.trim().replace(/\r\n?/g, '\n')}\n</${tag}>`;
  return [
    `# OpenVPN client profile for ctfy instance ${instanceId}`,
    'client',
    'dev tun',
    'proto udp',
    `remote ${remote.host} ${remote.port}`,
    'resolv-retry infinite',
    'nobind',
    'persist-key',
    'persist-tun',
    'remote-cert-tls server',
    'cipher AES-256-GCM',
    'data-ciphers AES-256-GCM',
    'auth SHA256',
    'verb 3',
    block('ca', pki.caCert),
    block('cert', pki.clientCert),
    block('key', pki.clientKey),
    '',
  ].join('\n');
}
