/**
 * Demo credentials: the emulator's defaults, and what `cli.ts` starts with.
 *
 * They are fake but shaped like the real ones. The secrets deliberately contain characters that
 * change under URL-, form-, JSON- or shell-escaping (`+ / = % & " \`, a space, `é`), so tests can
 * check that the product encodes them correctly and never leaks them in any escaped form.
 */
export interface DemoCredentials {
  adobe: { clientId: string; clientSecret: string; orgId: string; sandboxes: string[] }
  hubspot: { clientId: string; clientSecret: string; refreshToken: string }
  /** The Catalog dataset every sandbox has from the start (and again after reset()). */
  dataset: { id: string; name: string; schemaId: string; schemaFields: string[] }
}

export const DEMO: DemoCredentials = {
  adobe: {
    /** Developer Console "Client ID" (= API key): 32 lowercase hex. */
    clientId: '5f0d3c1e8a9b4d7e9c2a6b1f0e3d4c5a',
    /** Developer Console "Client secret": `p8e-` prefix like real S2S secrets. */
    clientSecret: 'p8e-Xq7+vR2/Lm9=Tz4%3D&kJ "w\\é5Yb-N0cH1sPa',
    /** Organization ID: 24 uppercase hex + @AdobeOrg. */
    orgId: '7A1C3E5F9B2D4068ACE13579@AdobeOrg',
    sandboxes: ['prod', 'dev'],
  },
  hubspot: {
    /** HubSpot app client id (uuid). */
    clientId: '6f1c2e3a-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
    /** HubSpot app client secret (uuid-like, salted with escaping-sensitive characters). */
    clientSecret: '9d8e7f6a-5b4c-43d2+a1e0/f9e8=d7c6%b5a4&"é \\x',
    /** HubSpot refresh token (`na1-` region prefix like real ones). */
    refreshToken: 'na1-7f3e-2b9c+4d1a/8e6f=0a5b%3c&2d "1e\\4fé-9a8b',
  },
  dataset: {
    /** Catalog id: 24 lowercase hex. */
    id: '65a1f3c09d2b4e0017c3a9d4',
    name: 'HubSpot contacts (demo)',
    /** Schema Registry `$id` of an XDM Individual Profile schema of the demo tenant. */
    schemaId: 'https://ns.adobe.com/emulatordemo/schemas/3f9d2c41a7b84e6f90d15c2ab7e4f081d6c3b925',
    /** The XDM paths of that schema a mapping may write to. */
    schemaFields: [
      '_id',
      'person.name.firstName',
      'person.name.lastName',
      'personalEmail.address',
      '_repo.createDate',
      '_repo.modifyDate',
    ],
  },
}

/** A mapping from columns of the emulator's Hubspot.Contacts table to fields of the demo dataset's schema. */
export const DEMO_MAPPING = [
  { source: 'Properties_Firstname_Value', destination: 'person.name.firstName' },
  { source: 'Properties_Lastname_Value', destination: 'person.name.lastName' },
  { source: 'Properties_Email_Value', destination: 'personalEmail.address' },
  { source: 'Added_At', destination: '_repo.createDate' },
]
