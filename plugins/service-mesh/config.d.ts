export interface Config {
  /** Meshport service-mesh frontend settings. */
  serviceMesh?: {
    /**
     * Thresholds the golden signals are coloured against (with an icon and text) on the entity tab,
     * the overview card and the mesh overview page.
     */
    slo?: {
      /**
       * Error ratio (0..1) above which a service is shown as burning errors. Default 0.01 (1 %).
       * @visibility frontend
       */
      errorRatio?: number;
      /**
       * p99 latency in milliseconds above which latency is shown as breaching. Default 500.
       * @visibility frontend
       */
      latencyP99Ms?: number;
      /**
       * CPU or memory saturation (0..1) above which saturation is shown as breaching. Default 0.8.
       * @visibility frontend
       */
      saturation?: number;
    };
  };
}
