import { DOMParser } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { StoreError } from '../store/errors.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

export interface SamlIdpMetadata {
  entityId: string;
  ssoUrl: string;
  /** Base64 DER certificates from KeyDescriptors usable for signing. */
  signingCerts: string[];
}

function bad(msg: string): never {
  throw new StoreError('E_INVALID_INPUT', `SAML metadata: ${msg}`);
}

/** Reads what the broker needs from an IdP EntityDescriptor, refusing anything incomplete. */
export function parseIdpMetadata(xml: string): SamlIdpMetadata {
  let fatal: string | undefined;
  const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && (fatal ??= message)) }).parseFromString(xml, 'text/xml');
  if (fatal || !doc.documentElement) bad(`not well-formed XML${fatal ? ` (${fatal})` : ''}`);
  const root = doc.documentElement as Element;
  if (root.namespaceURI !== MD || root.localName !== 'EntityDescriptor') bad('the root element must be md:EntityDescriptor');
  const entityId = root.getAttribute('entityID');
  if (!entityId) bad('EntityDescriptor has no entityID');
  const idpDesc = root.getElementsByTagNameNS(MD, 'IDPSSODescriptor')[0];
  if (!idpDesc) bad('no IDPSSODescriptor: this is not identity provider metadata');
  const services = Array.from(idpDesc.getElementsByTagNameNS(MD, 'SingleSignOnService'));
  const sso = services.find((s) => s.getAttribute('Binding') === REDIRECT) ?? services.find((s) => s.getAttribute('Binding') === POST);
  const ssoUrl = sso?.getAttribute('Location');
  if (!ssoUrl) bad('no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding');
  const signingCerts = Array.from(idpDesc.getElementsByTagNameNS(MD, 'KeyDescriptor'))
    .filter((k) => (k.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((k) => Array.from(k.getElementsByTagNameNS(DS, 'X509Certificate')))
    .map((c) => (c.textContent ?? '').replace(/\s+/g, ''))
    .filter(Boolean);
  if (!signingCerts.length) bad('no signing certificate: signed assertions cannot be verified without one');
  return { entityId, ssoUrl, signingCerts };
}
