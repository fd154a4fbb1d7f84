/*
 * Wire types of the GitOps operations (rollback, canary steps): what the Service Mesh backend's routes
 * answer, what the scaffolder actions record, and what the tab shows.
 */

/** The thresholds of the canary analysis (`serviceMesh.canary.analysis`). */
export interface CanaryAnalysisThresholds {
  /** The window the signals are measured over, in seconds. */
  windowSeconds: number;
  /** Fewer requests than this for either version over the window: `no-traffic`. */
  minRequests: number;
  /** The canary fails when its 5xx share exceeds the stable's by more than this (0.01: one point). */
  maxErrorRatioIncrease: number;
  /** The canary fails when its p99 latency exceeds the stable's times this. */
  maxLatencyP99Ratio: number;
}

/** One version's signals over the analysis window. */
export interface CanaryVersionSignals {
  version: string;
  /** Requests answered over the window. */
  requests: number;
  /** Share of 5xx answers; null without requests. */
  errorRatio: number | null;
  /** p99 latency in milliseconds; null without requests. */
  latencyP99Ms: number | null;
}

/** The verdict of a canary analysis and its one-line reason: what a canary step records in its commit. */
export interface CanaryAnalysisDecision {
  verdict: 'pass' | 'fail' | 'no-traffic';
  /** One line: the signals and thresholds behind the verdict (each failing metric with its values). */
  summary: string;
}

/** The canary analysis before a canary step: the decision and the signals it was made from. */
export interface CanaryAnalysis extends CanaryAnalysisDecision {
  stable: CanaryVersionSignals;
  canary: CanaryVersionSignals;
  thresholds: CanaryAnalysisThresholds;
}

/** The two versions of a canary and their current split, in percent. */
export interface CanaryVersions {
  service: string;
  stable: string;
  canary: string;
  stableWeight: number;
  canaryWeight: number;
}

/** A canary step. */
export type CanaryStep =
  | { step: 'set-weights'; canaryWeight: number }
  | { step: 'promote' }
  | { step: 'abort' };

/** How a commit changed one file. */
export interface GitOpsFileChange {
  path: string;
  change: 'added' | 'modified' | 'deleted';
}

/** What rolling one environment back changes: its deploy files between the two revisions. */
export interface RollbackPreview {
  environment: string;
  /** The Argo CD Application file that changes. */
  applicationPath: string;
  /** `targetRevision` now, and the commit it names. */
  from: { targetRevision: string; commit: string };
  /** `targetRevision` after the rollback, and the commit it names. */
  to: { targetRevision: string; commit: string };
  /** The environment's deploy files (base and overlay) that differ, by path. */
  files: GitOpsFileChange[];
  /** Unified diff of those files, from the current to the chosen revision. */
  diff: string;
}

/** A commit made by a GitOps operation, with the files it changed. */
export interface GitOpsCommit {
  commit: string;
  branch: string;
  files: GitOpsFileChange[];
}

/** The pull request a change on a GitHub repository was proposed with. */
export interface GitOpsPullRequest {
  number: number;
  url: string;
  /** The branch it proposes, holding the change's commit. */
  branch: string;
  commit: string;
}

/**
 * Where a proposed change went: `local`, a commit on the repository's branch; `github`, a commit on a
 * new branch proposed by `pullRequest`.
 */
export type GitOpsProposal =
  | { repository: 'local'; change: GitOpsCommit }
  | {
      repository: 'github';
      change: GitOpsCommit;
      pullRequest: GitOpsPullRequest;
    };

/** The answer of the backend's rollback route: a preview, or the proposed change. */
export type RollbackResult =
  | { mode: 'preview'; preview: RollbackPreview }
  | ({ mode: 'propose'; preview: RollbackPreview } & GitOpsProposal);

/** The answer of the backend's canary analysis route. */
export interface CanaryAnalysisResult {
  environment: string;
  canary: CanaryVersions;
  analysis: CanaryAnalysis;
}

/** The answer of the backend's canary step route. */
export type CanaryStepResult = {
  environment: string;
  step: CanaryStep;
  /** The canary as it was before the step. */
  canary: CanaryVersions;
  analysis?: CanaryAnalysis;
  overridden: boolean;
} & GitOpsProposal;
