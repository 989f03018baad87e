/**
 * A typed client for the Movie Bunker headless API: a thin layer over openapi-fetch, whose types
 * (src/schema.d.ts) are generated from the server's /api/v2/openapi.json by openapi-typescript.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];

type Query<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;
type Ok<Op extends keyof operations> = operations[Op]["responses"] extends {
  200: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

export type PageListing = Ok<"pages_listing">;
export type PageDetail = Ok<"pages_detail">;
export type ChangesPage = Ok<"changes_listing">;
export type ReviewChange = Schemas["ReviewChange"];
export type Preview = Ok<"preview_detail">;

export interface ClientOptions {
  /** The site's address, e.g. "https://reviews.example.com" (no /api/v2). */
  baseUrl: string;
  /** A draft API key: the pages endpoint then answers with the latest revisions (staging). */
  draftKey?: string;
  /** Another fetch (tests, a framework's cached fetch); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

/** A non-2xx answer: `status`, and the server's `{"message": …}` when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly url: string,
  ) {
    const message =
      typeof body === "object" && body !== null && "message" in body ? String(body.message) : "";
    super(`${status} from ${url}${message ? `: ${message}` : ""}`);
    this.name = "ApiError";
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function unwrap<T>({ data, error, response }: Answer<T>): T {
  if (!response.ok || data === undefined) {
    throw new ApiError(response.status, error, response.url);
  }
  return data;
}

export function createApiClient(options: ClientOptions) {
  const http = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: options.fetch,
    headers: options.draftKey ? { Authorization: `Bearer ${options.draftKey}` } : undefined,
  });

  async function listPages(query: Query<"pages_listing"> = {}): Promise<PageListing> {
    return unwrap(await http.GET("/api/v2/pages/", { params: { query } }));
  }

  async function getPage(id: number, query: Query<"pages_detail"> = {}): Promise<PageDetail> {
    return unwrap(await http.GET("/api/v2/pages/{id}/", { params: { path: { id }, query } }));
  }

  return {
    /** The underlying openapi-fetch client, for endpoints this wrapper leaves out. */
    http,

    listPages,
    getPage,

    /** Live reviews (or, with a draft key, every review's latest revision), all fields. */
    listReviews(query: Omit<Query<"pages_listing">, "type"> = {}): Promise<PageListing> {
      return listPages({ fields: "*", ...query, type: "reviews.ReviewPage" });
    },

    /** The page at a reader URL path such as "/reviews/ballerina-2023-review/", or null. */
    async findByPath(
      htmlPath: string,
      query: Query<"pages_detail"> = {},
    ): Promise<PageDetail | null> {
      // The server answers with a redirect to the detail URL, which fetch follows.
      const answer = await http.GET("/api/v2/pages/find/", {
        params: { query: { html_path: htmlPath, ...query } as Query<"pages_find"> },
      });
      if (answer.response.status === 404) {
        return null;
      }
      return unwrap(answer as Answer<unknown>) as PageDetail;
    },

    /** One page of the changes feed after `since` (0: from the start). */
    async changes(query: Query<"changes_listing"> = {}): Promise<ChangesPage> {
      return unwrap(await http.GET("/api/v2/changes/", { params: { query } }));
    },

    /**
     * Every change after `since`, page by page; `cursor` holds the value to keep for the next
     * run once the loop ends.
     */
    async *changesSince(since = 0, limit?: number): AsyncGenerator<ReviewChange, void, void> {
      let cursor = since;
      for (;;) {
        const page = unwrap(
          await http.GET("/api/v2/changes/", { params: { query: { since: cursor, limit } } }),
        );
        yield* page.items;
        cursor = page.meta.next_cursor;
        if (!page.meta.has_more) {
          return;
        }
      }
    },

    /** An editor's unsaved edit, from the two parameters of the front end's preview URL. */
    async preview(contentType: string, token: string): Promise<Preview> {
      return unwrap(
        await http.GET("/api/v2/page_preview/", {
          params: { query: { content_type: contentType, token } as Query<"preview_detail"> },
        }),
      );
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * Whether a webhook request is genuine: `signatureHeader` (X-Webhook-Signature) lists one
 * `sha256=<hex HMAC>` per secret the site signs with (two during a rotation); one must match the
 * HMAC-SHA256 of the raw body under `secret`. Pass the body's bytes as received, before parsing.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Uint8Array,
  signatureHeader: string | null | undefined,
): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`,
  );
  return (signatureHeader ?? "")
    .split(",")
    .map((part) => Buffer.from(part.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}
