// Run by tests/client_check.py against a live server it seeded; the values it seeded arrive in
// CLIENT_CHECK (JSON). Nothing here reaches beyond that server.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ApiError, createApiClient, verifyWebhookSignature } from "../src/index.js";

interface Seeded {
  baseUrl: string;
  draftKey: string;
  demo: { id: number; path: string; headline: string };
  draftOnly: { id: number; title: string };
  deleted: { id: number; filmId: number; genres: string[]; tags: string[] };
  preview: { contentType: string; token: string; headline: string };
  webhook: { secret: string; previousSecret: string; body: string; header: string };
}

const seeded: Seeded = JSON.parse(process.env.CLIENT_CHECK ?? "{}");
const api = createApiClient({ baseUrl: seeded.baseUrl });

describe("reading reviews", () => {
  test("listReviews gives typed reviews with their film", async () => {
    const listing = await api.listReviews({ limit: 20 });
    assert.equal(listing.meta.total_count, listing.items.length);
    const review = listing.items.find((item) => item.id === seeded.demo.id);
    assert.ok(review);
    assert.equal(review.meta?.type, "reviews.ReviewPage");
    assert.ok("headline" in review && review.headline === seeded.demo.headline);
    assert.ok("film" in review && review.film?.title === "Ballerina");
  });

  test("getPage, and a missing page as an ApiError carrying the server's message", async () => {
    const page = await api.getPage(seeded.demo.id);
    assert.equal(page.id, seeded.demo.id);
    await assert.rejects(api.getPage(999_999), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 404);
      assert.match(error.message, /404 from .*: /);
      return true;
    });
  });

  test("findByPath resolves a reader URL, and null for none", async () => {
    const page = await api.findByPath(seeded.demo.path);
    assert.equal(page?.id, seeded.demo.id);
    assert.equal(await api.findByPath("/reviews/no-such-review/"), null);
  });

  test("a bad parameter is a 400 with a message", async () => {
    await assert.rejects(api.listReviews({ limit: 100_000 }), { name: "ApiError", status: 400 });
  });
});

describe("sync", () => {
  test("the changes feed, from the start to the end, then nothing new", async () => {
    const changes = [];
    for await (const change of api.changesSince(0, 1)) {
      changes.push(change);
    }
    const byId = new Map(changes.map((change) => [change.id, change]));
    assert.equal(byId.size, changes.length, "each review once");
    // Live: published, then perhaps republished (the demo gives it a critic).
    assert.match(byId.get(seeded.demo.id)?.change ?? "", /^(published|updated)$/);
    const gone = byId.get(seeded.deleted.id);
    assert.equal(gone?.change, "deleted");
    assert.equal(gone?.detail_url, null);
    assert.equal(gone?.film_id, seeded.deleted.filmId);
    assert.deepEqual(gone?.genres, seeded.deleted.genres);
    assert.deepEqual(gone?.tags, seeded.deleted.tags);
    const last = Math.max(...changes.map((change) => change.cursor));
    const after = await api.changes({ since: last });
    assert.deepEqual(after, { meta: { next_cursor: last, has_more: false }, items: [] });
  });
});

describe("staging and previews", () => {
  test("a draft key reads reviews that were never published", async () => {
    const staging = createApiClient({ baseUrl: seeded.baseUrl, draftKey: seeded.draftKey });
    const listing = await staging.listReviews();
    const titles = listing.items.map((item) => item.title);
    assert.ok(titles.includes(seeded.draftOnly.title));
    const draft = await staging.getPage(seeded.draftOnly.id);
    assert.equal(draft.title, seeded.draftOnly.title);
    // Readers never see it.
    await assert.rejects(api.getPage(seeded.draftOnly.id), { status: 404 });
  });

  test("a wrong draft key is refused with a 401", async () => {
    const wrong = createApiClient({ baseUrl: seeded.baseUrl, draftKey: "wagtail_not-a-key" });
    await assert.rejects(wrong.listReviews(), { name: "ApiError", status: 401 });
  });

  test("preview reads an editor's unsaved edit", async () => {
    const preview = await api.preview(seeded.preview.contentType, seeded.preview.token);
    assert.ok("headline" in preview && preview.headline === seeded.preview.headline);
    await assert.rejects(api.preview(seeded.preview.contentType, "forged"), { status: 403 });
  });
});

describe("webhooks", () => {
  const { secret, previousSecret, body, header } = seeded.webhook;

  test("a signature made by the server verifies with either secret during a rotation", () => {
    assert.ok(verifyWebhookSignature(secret, body, header));
    assert.ok(verifyWebhookSignature(previousSecret, Buffer.from(body), header));
  });

  test("a changed body, another secret or no header does not verify", () => {
    assert.ok(!verifyWebhookSignature(secret, `${body} `, header));
    assert.ok(!verifyWebhookSignature("another-secret-entirely", body, header));
    assert.ok(!verifyWebhookSignature(secret, body, undefined));
  });
});
