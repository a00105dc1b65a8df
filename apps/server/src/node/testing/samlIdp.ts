import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';

export interface AssertionOptions {
  requestId: string;
  nameId?: string;
  email?: string;
  groups?: string[];
  acr?: string;
  authnInstant?: Date;
  audience?: string;
  recipient?: string;
  notOnOrAfter?: Date;
  assertionId?: string;
  sign?: boolean;
}

export interface SamlTestIdp {
  entityId: string;
  ssoUrl: string;
  metadata: string;
  /** The AuthnRequest ID inside a redirect-binding URL, as the IdP reads it. */
  requestIdFrom(url: URL): string;
  /** A Response with one assertion, signed with the IdP's test key unless `sign: false`. */
  response(o: AssertionOptions): string;
  /** Signature wrapping: an unsigned forged assertion placed before the genuine signed one. */
  wrapped(o: AssertionOptions, forgedNameId: string): string;
}

const iso = (d: Date) => d.toISOString();
const PASSWORD_PROTECTED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

/** Test-only: a SAML IdP that signs real assertions (xml-crypto) with a throwaway certificate. */
export function createSamlTestIdp(spEntityId: string, acsUrl: string): SamlTestIdp {
  const dir = mkdtempSync(join(tmpdir(), 'marie-saml-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=saml-test-idp'], { stdio: 'ignore' });
  const key = readFileSync(join(dir, 'k.pem'), 'utf8');
  const cert = readFileSync(join(dir, 'c.pem'), 'utf8');
  const certBody = cert.replace(/-----[^-]+-----|\s/g, '');
  const entityId = 'https://saml-idp.test/metadata';
  const ssoUrl = 'https://saml-idp.test/sso';
  const metadata = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

  function assertion(o: AssertionOptions, id: string, nameId: string): string {
    const t = new Date();
    const until = o.notOnOrAfter ?? new Date(t.getTime() + 5 * 60_000);
    const attrs = [
      `<saml:Attribute Name="email"><saml:AttributeValue>${o.email ?? nameId}</saml:AttributeValue></saml:Attribute>`,
      `<saml:Attribute Name="groups">${(o.groups ?? []).map((g) => `<saml:AttributeValue>${g}</saml:AttributeValue>`).join('')}</saml:Attribute>`,
    ].join('');
    return (
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${iso(t)}">` +
      `<saml:Issuer>${entityId}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${nameId}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${o.requestId}" NotOnOrAfter="${iso(until)}" Recipient="${o.recipient ?? acsUrl}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(new Date(t.getTime() - 60_000))}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${o.audience ?? spEntityId}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(o.authnInstant ?? t)}" SessionIndex="_s${id}"><saml:AuthnContext><saml:AuthnContextClassRef>${o.acr ?? PASSWORD_PROTECTED}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` +
      `</saml:Assertion>`
    );
  }

  function envelope(o: AssertionOptions, assertions: string): string {
    return (
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(8).toString('hex')}" Version="2.0" IssueInstant="${iso(new Date())}" Destination="${acsUrl}" InResponseTo="${o.requestId}">` +
      `<saml:Issuer>${entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      assertions +
      `</samlp:Response>`
    );
  }

  function signAssertion(xml: string): string {
    const sig = new SignedXml({
      privateKey: key,
      publicCert: cert,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    sig.addReference({
      xpath: "//*[local-name(.)='Assertion']",
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    });
    sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
    return sig.getSignedXml();
  }

  const signedAssertion = (o: AssertionOptions) => {
    const a = assertion(o, o.assertionId ?? `_a${randomBytes(8).toString('hex')}`, o.nameId ?? 'alice@acme.test');
    return o.sign === false ? a : signAssertion(a);
  };

  return {
    entityId,
    ssoUrl,
    metadata,
    requestIdFrom(url) {
      const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString();
      return /ID="([^"]+)"/.exec(xml)![1]!;
    },
    response: (o) => Buffer.from(envelope(o, signedAssertion(o))).toString('base64'),
    wrapped(o, forgedNameId) {
      const forged = assertion(o, `_f${randomBytes(8).toString('hex')}`, forgedNameId);
      return Buffer.from(envelope(o, forged + signedAssertion(o))).toString('base64');
    },
  };
}
