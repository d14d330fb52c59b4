/**
 * Every route module of the API. A feature adds its routes by adding its `register` here (advisories and
 * Article 14 events live under routes/advisories/ and routes/events/).
 */
import type { ApiApp } from "../env.js";
import { register as advisories } from "./advisories/index.js";
import { register as assess } from "./assess/index.js";
import { register as assessments } from "./assessments/index.js";
import { register as audit } from "./audit/index.js";
import { register as declarations } from "./declarations/index.js";
import { register as documents } from "./documents/index.js";
import { register as events } from "./events/index.js";
import { register as frameworks } from "./frameworks/index.js";
import { register as health } from "./health/index.js";
import { register as organizations } from "./organizations/index.js";
import { register as products } from "./products/index.js";
import { register as recognition } from "./recognition/index.js";
import { register as sboms } from "./sboms/index.js";
import { register as vex } from "./vex/index.js";

export const ROUTE_MODULES: readonly ((app: ApiApp) => void)[] = [
  health,
  organizations,
  products,
  sboms,
  declarations,
  assessments,
  assess,
  audit,
  frameworks,
  recognition,
  advisories,
  events,
  documents,
  vex,
];
