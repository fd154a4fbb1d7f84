export interface Config {
  /** Configuration of the Meshport service-mesh backend. */
  serviceMesh?: {
    /**
     * Serve simulated, time-varying upstream data instead of calling Argo CD, Kiali, Prometheus and Git.
     * For local development only: the backend refuses to start with it when NODE_ENV is `production`.
     * Every simulated answer carries `sandbox: true`.
     */
    sandbox?: boolean;
    /**
     * Tests only, read only with `sandbox: true`: a JSON file such as `{"kiali": "down"}` that makes a
     * simulated source refuse every call while it says so (browser tests of stale data use it).
     */
    sandboxFaultsFile?: string;
    /** How long upstream answers are cached (CacheService), in seconds. Default 30. */
    cacheTtlSeconds?: number;
    /**
     * How long the meshed entities one caller may read (the catalog's answer to that caller's token) are
     * kept for the same token's next overview, mesh graph and topology requests, in this replica's memory
     * only, in seconds (0 to 300). A new entity or a permission change reaches a caller within it; 0 reads
     * the catalog on every request. Default 30.
     */
    catalogViewTtlSeconds?: number;
    /** Overall deadline of one request, in milliseconds; slower sources report `timeout`. Default 8000. */
    deadlineMs?: number;
    /**
     * Circuit breakers (one per Argo CD instance, Kiali and Prometheus, per backend replica) and serving
     * the last good answer, marked stale, when a source fails.
     */
    resilience?: {
      /** Failed (timeout, refused, 5xx) or slow calls in a row after which a source is not asked. Default 3. */
      failureThreshold?: number;
      /** Milliseconds an open source is left alone before one probe call asks it again. Default 5000. */
      probeIntervalMs?: number;
      /**
       * A call slower than this (ms) counts against the breaker, and a request that has a last good answer
       * waits no longer for a fresh one. Default 1500; raise it for a Prometheus whose range queries take longer.
       */
      slowMs?: number;
      /** Seconds a last good answer is kept (in the cache store) to be served stale. Default 3600. */
      staleTtlSeconds?: number;
    };
    /** Argo CD instances. An entity's applications are looked up on every instance (or on those named in `argocd/instance-name`). */
    argocd?: {
      instances: Array<{
        /** Instance name, shown in the UI and used in `argocd/instance-name` (Kubernetes name rules). */
        name: string;
        /** Base URL of the Argo CD server, e.g. `https://argocd.example.com`. */
        url: string;
        /**
         * Argo CD API token (an account token with get/sync on the applications).
         * @visibility secret
         */
        token: string;
        /** Per-call timeout in milliseconds. Default 5000. */
        timeoutMs?: number;
      }>;
    };
    /** Kiali, for the namespace mTLS status, workload health and sidecar state. */
    kiali?: {
      /** Base URL of Kiali as the backend reaches it, including any path prefix, e.g. `https://kiali.example.com/kiali`. */
      url: string;
      /**
       * Kiali token (service account token when Kiali uses the `token` strategy).
       * @visibility secret
       */
      token?: string;
      /** Base URL users open in the browser, when it differs from `url`. */
      consoleUrl?: string;
      /** Per-call timeout in milliseconds. Default 5000. */
      timeoutMs?: number;
    };
    /** Prometheus holding Istio's standard metrics. */
    prometheus?: {
      /** Base URL, e.g. `https://prometheus.example.com`. */
      baseUrl: string;
      /**
       * Bearer token, when Prometheus sits behind an authenticating proxy.
       * @visibility secret
       */
      token?: string;
      /** Per-query timeout in milliseconds. */
      timeoutMs?: number;
      /**
       * The label of Istio's standard metrics that names the workload's cluster; Meshport matches it
       * against `clusters[].prometheus`. Default `destination_cluster` (set by Istio's proxies).
       */
      clusterLabel?: string;
      /**
       * The label of Istio's standard metrics that names the calling workload's cluster, matched like
       * `clusterLabel` on the caller's side of topology edges. Default `source_cluster` (set by Istio's
       * proxies).
       */
      sourceClusterLabel?: string;
      /**
       * The label of the container metrics (cAdvisor, kube-state-metrics) that names their cluster,
       * usually an external label of the Prometheus (or Thanos) holding several clusters. Used only when
       * `clusters` is set. Default `cluster`.
       */
      containerClusterLabel?: string;
      /**
       * The mesh overview reads Meshport's recorded series instead of Istio's raw metrics: load the
       * plugin's `prometheus-rules.yaml` into this Prometheus first (without them the overview has no
       * numbers). For meshes of thousands of workloads, where the overview's p99 over every histogram
       * bucket dominates its time. Needs `clusterLabel` `destination_cluster` (the label the rules
       * keep). Default false.
       */
      recordingRules?: boolean;
    };
    /**
     * Multi-cluster: each Argo CD destination cluster with its names in Kiali and in Prometheus, so an
     * application's Kiali calls carry `clusterName=` and its PromQL a cluster matcher. Without it
     * (one cluster), nothing names a cluster. An application whose destination is not listed is read
     * without a cluster.
     */
    clusters?: Array<{
      /** How Argo CD applications address the cluster: exactly one of its name or its server URL. */
      argocd: {
        /** `spec.destination.name`, e.g. `east`. */
        name?: string;
        /** `spec.destination.server`, e.g. `https://east.example.com:6443`. */
        server?: string;
      };
      /** Kiali's name of the cluster (Istio's cluster name, e.g. `Kubernetes` or `cluster-east`). */
      kiali?: string;
      /** The value of `prometheus.clusterLabel` (and `sourceClusterLabel`, `containerClusterLabel`) for this cluster. */
      prometheus?: string;
    }>;
    /** Grafana, for links to Istio's dashboards. */
    grafana?: {
      /** Base URL users open in the browser. */
      url: string;
      /** Dashboard uids; defaults are the uids of Istio's published dashboards. */
      dashboards?: {
        /** Istio Workload Dashboard uid. Default `UbsSZTDik`. */
        istioWorkload?: string;
        /** Istio Service Dashboard uid. Default `LJ_uJAvmk`. */
        istioService?: string;
      };
    };
    /** Where an entity's manifests may be read from. */
    manifests?: {
      /**
       * URL prefixes (http(s), no query) whose manifests any entity may name in `meshport.io/manifests`.
       * Without them, an entity's manifests are read only inside the repository the catalog read the
       * entity from (its `backstage.io/managed-by-location`).
       */
      allowedUrls?: string[];
    };
    /** Which Argo CD applications an entity may read and act on, besides their own binding. */
    access?: {
      /**
       * Defence in depth: owner entity ref (e.g. `group:default/team-a`) → the Argo CD projects the
       * applications of that owner's entities may be in. When set, an application that names an entity in
       * its `meshport.io/entity-ref` annotation is still not bound to it unless its `spec.project` is one of
       * the entity owner's projects; an owner missing from the map has none.
       */
      ownerProjects?: { [ownerRef: string]: string[] };
      /**
       * Read Kiali and Prometheus for a namespace that only the entity's own annotations name
       * (`kiali.io/namespace`, `backstage.io/kubernetes-namespace`) when no Argo CD application bound to
       * the entity deploys it. Default false: any catalog author could name another team's namespace.
       * Turn it on only where every catalog author is trusted.
       */
      trustEntityNamespaces?: boolean;
    };
    /** Jaeger: trace hotspots of a service (slowest and failing traces) and links to its traces. */
    jaeger?: {
      /** Base URL of the Jaeger query service as the backend reaches it (its UI and API). */
      url: string;
      /** Base URL of the Jaeger UI as users open it, for links (default: url). */
      consoleUrl?: string;
      /**
       * Bearer token sent to Jaeger (for an authenticating proxy); server-side only.
       * @visibility secret
       */
      token?: string;
      /**
       * Query API: `v1` (`/api/traces`), `v3` (`/api/v3/traces`, Jaeger v2, OTLP JSON), or `auto`
       * (default): v3, then v1 when the instance does not serve v3.
       */
      apiVersion?: 'v1' | 'v3' | 'auto';
      /** Timeout of each Jaeger call in milliseconds (default 5000). */
      timeoutMs?: number;
    };
    /** Canary steps (set weights, promote). */
    canary?: {
      /**
       * The canary analysis before each step: the canary's and the stable's golden signals per version
       * (Istio's `destination_version`) over one window. `no-traffic` when either version served fewer
       * than `minRequests`; `fail`, naming each metric and its values, when a threshold is exceeded;
       * otherwise `pass`. A failing analysis blocks the step unless the user overrides it.
       */
      analysis?: {
        /** The window the signals are measured over, in whole seconds (1–86400). Default 600. */
        windowSeconds?: number;
        /** Fewest requests each version must have served over the window (whole number ≥ 1). Default 100. */
        minRequests?: number;
        /**
         * How far the canary's 5xx share may exceed the stable's, as an absolute share (0–1): with 0.01
         * (default) a stable at 1% allows the canary up to 2%.
         */
        maxErrorRatioIncrease?: number;
        /**
         * How many times the stable's p99 latency the canary's may reach (1–100): with 1.5 (default) a
         * stable at 100 ms allows the canary up to 150 ms.
         */
        maxLatencyP99Ratio?: number;
      };
    };
  };
}
