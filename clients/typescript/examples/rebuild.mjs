// An incremental static build driven by the changes feed (after `npm run build`):
//
//   node examples/rebuild.mjs http://127.0.0.1:8000 ./site
//
// The first run renders every live review into ./site/reviews/<slug>.json; later runs render or
// remove only the reviews changed since the cursor kept in ./site/.cursor, and list the genre and
// tag pages a real build would regenerate (and a CDN purge).
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { createApiClient } from "../dist/src/index.js";

const [baseUrl = "http://127.0.0.1:8000", out = "site"] = process.argv.slice(2);
const api = createApiClient({ baseUrl });
const cursorFile = join(out, ".cursor");
await mkdir(join(out, "reviews"), { recursive: true });

const since = Number(await readFile(cursorFile, "utf8").catch(() => "0"));
let cursor = since;
const listings = new Set();
for await (const change of api.changesSince(since)) {
  const path = change.url ? decodeURIComponent(new URL(change.url).pathname) : "";
  const slug = path.split("/").filter(Boolean).at(-1);
  const file = join(out, "reviews", `${slug ?? change.id}.json`);
  if (change.detail_url) {
    const review = await api.getPage(change.id);
    await writeFile(file, JSON.stringify(review, null, 2));
    console.log(`render  ${file}  (${change.change}, cause: ${change.cause})`);
  } else {
    await rm(file, { force: true });
    console.log(`remove  ${file}  (${change.change})`);
  }
  for (const genre of change.genres) listings.add(`/reviews/genre/${genre}/`);
  for (const tag of change.tags) listings.add(`/reviews/tag/${tag}/`);
  cursor = change.cursor;
}
await writeFile(cursorFile, String(cursor));
console.log(`listings to rebuild: ${[...listings].sort().join(" ") || "none"}`);
console.log(`cursor ${since} -> ${cursor}`);
