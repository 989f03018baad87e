# Varnish in front of the site (docs/caching.md). The app marks what may be shared (Cache-Control:
# s-maxage on reader pages, max-age on API answers) and purges after every content change; Varnish's
# built-in rules do the rest: requests with a cookie or an Authorization header and responses that
# set a cookie are never cached.
vcl 4.1;

# The app: gunicorn, or the load balancer in front of the app nodes. In a file of its own, so that
# each installation (and tests/test_varnish.py) names its own; backend.vcl beside this file is
# the example. Start varnishd with -p vcl_path=<the directory of your backend.vcl>:<this directory>.
include "backend.vcl";

# Who may purge: the app nodes and the scheduler's host. List their addresses (or their network).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is for the app only"));
        }
        # The app purges "/" after every content change. Every page, list, feed, sitemap and API
        # answer is derived from the same content, so all of them go, as in the app's own cache.
        if (req.url == "/") {
            ban("obj.status != 0");
            return (synth(200, "Purged everything"));
        }
        # Wagtail's own purge of one page's address (on publish and unpublish).
        return (purge);
    }
}

sub vcl_deliver {
    # For people and tests: was this answer Varnish's copy?
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
