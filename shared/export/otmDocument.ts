/**
 * The part of the Open Threat Model 0.2.0 document that the export writes
 * (vendor/schemas/otm_schema-0.2.0.json). Keys are declared in the order they are written.
 */

/** Attribute values the export writes: OTM leaves `attributes` free-form. */
export type OtmAttributes = Record<string, unknown>;

export interface OtmPoint {
  x: number;
  y: number;
}

export interface OtmSize {
  width: number;
  height: number;
}

/** A trust zone's or component's shape on one representation; positions relative to the parent. */
export interface OtmShape {
  representation: string;
  id: string;
  position: OtmPoint;
  size?: OtmSize;
}

export interface OtmParent {
  trustZone: string;
}

export interface OtmTrustZone {
  id: string;
  name: string;
  type?: string;
  description?: string;
  tags?: string[];
  risk: { trustRating: number };
  parent?: OtmParent;
  representations: OtmShape[];
}

export interface OtmThreatInstance {
  threat: string;
  state: string;
  mitigations: { mitigation: string; state: string }[];
}

export interface OtmComponent {
  id: string;
  name: string;
  type: string;
  description?: string;
  tags?: string[];
  parent: OtmParent;
  representations: OtmShape[];
  attributes?: OtmAttributes;
  threats?: OtmThreatInstance[];
}

export interface OtmDataflow {
  id: string;
  name: string;
  description?: string;
  tags?: string[];
  bidirectional: boolean;
  source: string;
  destination: string;
  attributes?: OtmAttributes;
  threats?: OtmThreatInstance[];
}

export interface OtmThreat {
  id: string;
  name: string;
  description?: string;
  categories: string[];
  cwes: string[];
  risk: { likelihood: number; impact: number };
  attributes: OtmAttributes;
}

export interface OtmMitigation {
  id: string;
  name: string;
  description: string;
  riskReduction: number;
  attributes?: OtmAttributes;
}

export interface OtmRepresentation {
  name: string;
  id: string;
  type: 'diagram';
  description?: string;
  size: OtmSize;
}

/** An OTM 0.2.0 document as the export writes it. */
export interface OtmDocument {
  otmVersion: string;
  project: {
    name: string;
    id: string;
    description?: string;
    attributes?: OtmAttributes;
  };
  representations: OtmRepresentation[];
  trustZones: OtmTrustZone[];
  components: OtmComponent[];
  dataflows: OtmDataflow[];
  threats: OtmThreat[];
  mitigations: OtmMitigation[];
}
