/**
 * The HubSpot source's tables, as Flow Service's explore calls show them (dataflow-notes §1.1
 * step 0), and the two answers built from them.
 *
 * Documented: the root listing's entry shape (`type`, `name`, `path`, `canPreview`,
 * `canFetchSchema`), the table answer `{"format":"flat","schema":{"columns":[…]}}`, the column
 * shape (`name`, `type`, optional `meta:xdmType`, `xdm`) and the Contacts columns
 * Properties_Firstname_Value, Properties_Lastname_Value, Added_At, Portal_Id; the path
 * `Hubspot.All_Deals`. Our choice: every other column and table, and the short `name`s of the
 * default tables (Adobe's example shows the name equal to the path; the emulator has always
 * listed short names, and a product that sends the name where the path belongs is caught by it).
 */
import type { ExploreColumn, ExploreTable } from './types.js'

const text = (name: string): ExploreColumn => ({ name, type: 'string', xdm: { type: 'string' } })
const integer = (name: string): ExploreColumn => ({ name, type: 'integer', xdm: { type: 'integer' } })
const dateTime = (name: string): ExploreColumn => ({
  name,
  type: 'string',
  'meta:xdmType': 'date-time',
  xdm: { type: 'string', format: 'date-time' },
})

const dealColumns = [
  integer('Deal_Id'),
  text('Properties_Dealname_Value'),
  text('Properties_Amount_Value'),
  text('Properties_Dealstage_Value'),
  dateTime('Properties_Closedate_Value'),
  text('Portal_Id'),
  dateTime('Lastmodifieddate'),
]

export const DEFAULT_HUBSPOT_TABLES: readonly ExploreTable[] = [
  {
    path: 'Hubspot.Contacts',
    name: 'Contacts',
    columns: [
      integer('Vid'),
      text('Properties_Firstname_Value'),
      text('Properties_Lastname_Value'),
      text('Properties_Email_Value'),
      dateTime('Added_At'),
      text('Portal_Id'),
      dateTime('Lastmodifieddate'),
    ],
  },
  {
    path: 'Hubspot.Companies',
    name: 'Companies',
    columns: [
      integer('Company_Id'),
      text('Properties_Name_Value'),
      text('Properties_Domain_Value'),
      dateTime('Properties_Createdate_Value'),
      text('Portal_Id'),
      dateTime('Lastmodifieddate'),
    ],
  },
  { path: 'Hubspot.Deals', name: 'Deals', columns: dealColumns },
  { path: 'Hubspot.All_Deals', name: 'All_Deals', columns: dealColumns },
  {
    path: 'Hubspot.Tickets',
    name: 'Tickets',
    columns: [integer('Ticket_Id'), text('Properties_Subject_Value'), text('Portal_Id'), dateTime('Lastmodifieddate')],
  },
  {
    path: 'Hubspot.Owners',
    name: 'Owners',
    columns: [integer('Owner_Id'), text('Email'), text('First_Name'), text('Last_Name'), dateTime('Updated_At')],
  },
]

/** `GET /connections/{id}/explore?objectType=root`: exactly the configured tables, in order. */
export function rootObjects(tables: readonly ExploreTable[]): Array<Record<string, unknown>> {
  return tables.map((table) => ({
    type: 'table',
    name: table.name ?? table.path,
    path: table.path,
    canPreview: true,
    canFetchSchema: true,
  }))
}

/** Two made-up rows for `preview=true` (documented to add a `data` array; values our choice). */
function sampleRows(columns: readonly ExploreColumn[]): Array<Record<string, unknown>> {
  return [1, 2].map((n) =>
    Object.fromEntries(
      columns.map((c) => [
        c.name,
        c.type === 'integer'
          ? 1000 + n
          : c['meta:xdmType'] === 'date-time'
            ? `2024-0${n}-15T08:30:00Z`
            : `${c.name.toLowerCase()}-${n}`,
      ]),
    ),
  )
}

/** `GET /connections/{id}/explore?objectType=table&object=<path>[&preview=true]`. */
export function tableDescription(table: ExploreTable, preview: boolean): Record<string, unknown> {
  return {
    format: 'flat',
    schema: { columns: structuredClone(table.columns) },
    ...(preview ? { data: sampleRows(table.columns) } : {}),
  }
}
