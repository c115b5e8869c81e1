// The rules of .bpmnlintrc for bpmnlint's StaticResolver, imported one by one (esbuild needs
// static imports): bpmnlint's recommended set and the project's plugin (lint/bpmnlint-plugin-zone).
import recommended from "bpmnlint/config/recommended";
import zone from "bpmnlint-plugin-zone";
import adHocSubProcess from "bpmnlint/rules/ad-hoc-sub-process";
import conditionalFlows from "bpmnlint/rules/conditional-flows";
import endEventRequired from "bpmnlint/rules/end-event-required";
import eventBasedGateway from "bpmnlint/rules/event-based-gateway";
import eventSubProcessTypedStartEvent from "bpmnlint/rules/event-sub-process-typed-start-event";
import fakeJoin from "bpmnlint/rules/fake-join";
import global from "bpmnlint/rules/global";
import labelRequired from "bpmnlint/rules/label-required";
import linkEvent from "bpmnlint/rules/link-event";
import noBpmndi from "bpmnlint/rules/no-bpmndi";
import noComplexGateway from "bpmnlint/rules/no-complex-gateway";
import noDisconnected from "bpmnlint/rules/no-disconnected";
import noDuplicateSequenceFlows from "bpmnlint/rules/no-duplicate-sequence-flows";
import noGatewayJoinFork from "bpmnlint/rules/no-gateway-join-fork";
import noImplicitSplit from "bpmnlint/rules/no-implicit-split";
import noImplicitEnd from "bpmnlint/rules/no-implicit-end";
import noImplicitStart from "bpmnlint/rules/no-implicit-start";
import noInclusiveGateway from "bpmnlint/rules/no-inclusive-gateway";
import noOverlappingElements from "bpmnlint/rules/no-overlapping-elements";
import singleBlankStartEvent from "bpmnlint/rules/single-blank-start-event";
import singleEventDefinition from "bpmnlint/rules/single-event-definition";
import startEventRequired from "bpmnlint/rules/start-event-required";
import subProcessBlankStartEvent from "bpmnlint/rules/sub-process-blank-start-event";
import superfluousGateway from "bpmnlint/rules/superfluous-gateway";
import superfluousLabel from "bpmnlint/rules/superfluous-label";
import superfluousTermination from "bpmnlint/rules/superfluous-termination";
import laneRoles from "bpmnlint-plugin-zone/rules/lane-roles";
import formExists from "bpmnlint-plugin-zone/rules/form-exists";
import gatewayConditions from "bpmnlint-plugin-zone/rules/gateway-conditions";
import timerBounds from "bpmnlint-plugin-zone/rules/timer-bounds";
import confinedCode from "bpmnlint-plugin-zone/rules/confined-code";

const BPMNLINT = {
  "ad-hoc-sub-process": adHocSubProcess, "conditional-flows": conditionalFlows,
  "end-event-required": endEventRequired, "event-based-gateway": eventBasedGateway,
  "event-sub-process-typed-start-event": eventSubProcessTypedStartEvent, "fake-join": fakeJoin,
  global, "label-required": labelRequired, "link-event": linkEvent, "no-bpmndi": noBpmndi,
  "no-complex-gateway": noComplexGateway, "no-disconnected": noDisconnected,
  "no-duplicate-sequence-flows": noDuplicateSequenceFlows, "no-gateway-join-fork": noGatewayJoinFork,
  "no-implicit-split": noImplicitSplit, "no-implicit-end": noImplicitEnd, "no-implicit-start": noImplicitStart,
  "no-inclusive-gateway": noInclusiveGateway, "no-overlapping-elements": noOverlappingElements,
  "single-blank-start-event": singleBlankStartEvent, "single-event-definition": singleEventDefinition,
  "start-event-required": startEventRequired, "sub-process-blank-start-event": subProcessBlankStartEvent,
  "superfluous-gateway": superfluousGateway, "superfluous-label": superfluousLabel,
  "superfluous-termination": superfluousTermination,
};
const ZONE = { "lane-roles": laneRoles, "form-exists": formExists, "gateway-conditions": gatewayConditions,
  "timer-bounds": timerBounds, "confined-code": confinedCode };

export function cache() {
  const entries = { "config:bpmnlint/recommended": recommended,
    "config:bpmnlint-plugin-zone/recommended": zone.configs.recommended };
  for (const [name, rule] of Object.entries(BPMNLINT)) entries[`rule:bpmnlint/${name}`] = rule;
  for (const [name, rule] of Object.entries(ZONE)) entries[`rule:bpmnlint-plugin-zone/${name}`] = rule;
  return entries;
}
