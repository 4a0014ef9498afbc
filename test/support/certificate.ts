import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A throwaway self-signed certificate in `dir` (cert.pem, key.pem), made with openssl, for the
 * given subject alternative names (`IP:127.0.0.1`, `DNS:ims.aep.test`, …).
 */
export function makeCertificate(
  dir: string,
  altNames: readonly string[],
): { key: string; cert: string; certPath: string } {
  const certPath = join(dir, 'cert.pem')
  const keyPath = join(dir, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=aep.test',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-addext',
      `subjectAltName=${altNames.join(',')}`,
    ],
    { stdio: 'ignore' },
  )
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath }
}
