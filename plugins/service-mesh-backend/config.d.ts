export interface Config {
  /** Configuration of the Meshport service-mesh backend. */
  serviceMesh?: {};
}
