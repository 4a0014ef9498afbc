// zod as every module here uses it: Zod Mini, zod's own tree-shakable API, imported as
// `import * as z from './zod.js'` so that the bundler keeps only the parts the actions call (zod's
// classic API, one object with every method, comes whole: about 44 KB of minified code and some
// 19M instructions at every start). Zod Mini has no messages of its own: the English ones of the
// classic API are set here, once, with the compiled fast path off (a step parses each schema once
// or a few times; building it, `new Function` per object schema, costs more than it saves).
import { config } from 'zod/mini'
import en from 'zod/v4/locales/en.js'

config({ ...en(), jitless: true })

export * from 'zod/mini'
