// A frontend's first call, typed by the client generated from the committed openapi.json
// (`openapi-typescript openapi.json -o schema.d.ts`): which measures reach Deyang, and how.
// Usage: node out/client.js BASE_URL
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

type CityMeasuresQuery = NonNullable<
  paths["/v1/cities/{city_id}/measures"]["get"]["parameters"]["query"]
>;
type Scope = NonNullable<CityMeasuresQuery["scope"]>[number];

// the generated types offer the allowed values, and a typo does not compile
const scopes: Scope[] = ["explicit", "located", "metro_wide"];
// @ts-expect-error "explict" is not a scope the contract allows
const typo: Scope = "explict";
void typo;

const client = createClient<paths>({
  baseUrl: process.argv[2],
  // the contract's lists are comma-separated: style form, explode false
  querySerializer: { array: { style: "form", explode: false } },
});

const { data, error, response } = await client.GET("/v1/cities/{city_id}/measures", {
  params: { path: { city_id: "deyang" }, query: { scope: scopes } },
});
if (error !== undefined || data === undefined) {
  throw new Error(`status ${response.status}: ${JSON.stringify(error)}`);
}
// the contract offers the list as JSON or CSV (text/csv, a string): JSON is the default
if (typeof data === "string") {
  throw new Error(`asked for JSON, got ${response.headers.get("content-type")}`);
}

// a parameter the contract does not list is refused, with the allowed ones named
const typoed = await client.GET("/v1/cities/{city_id}/measures", {
  params: { path: { city_id: "deyang" } },
  querySerializer: () => "scpoe=explicit",
});

console.log(
  JSON.stringify({
    url: response.url,
    city: data.city.name,
    total: data.total,
    measures: data.items.map((item) => ({ id: item.measure.id, scope: item.scope })),
    typo: { status: typoed.response.status, detail: typoed.error?.detail },
  }),
);
