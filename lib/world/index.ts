// The world's public surface, named one by one.
export { createWorldState, DEFAULT_NOW } from "./population.js";
export type { WorldOptions } from "./population.js";
export { createRandom, deriveSeed } from "./random.js";
export type { Random } from "./random.js";
export { parseDateTime, formatDateTime, shiftDateTime, describeDateTime } from "./datetime.js";
export {
  allocateId,
  getPerson,
  findPersonByEmail,
  findPersonByPhone,
  findPeopleByName,
  personName,
  supervisorPerson,
  venmoAccountOf,
  venmoBalanceOf,
  setVenmoBalance,
  roundMoney,
  formatMoney,
  addPerson,
  addTransaction,
  addPaymentRequest,
  paymentRequestStatus,
  addPaymentCard,
  isCardExpired,
  cardsOf,
  addContact,
  contactsOf,
  areFriends,
  addFriendship,
  removeFriendship,
  addTextMessage,
  addNotification,
  addBankTransfer,
  setActiveTask,
} from "./mutations.js";
export type { NewPerson, NewTransaction, NewPaymentRequest, NewPaymentCard, NewContact } from "./mutations.js";
export { ANSWER_NOT_GIVEN, cloneState } from "./state.js";
export type {
  DateTime,
  Person,
  Address,
  PaymentCard,
  VenmoAccount,
  Friendship,
  TransactionComment,
  Transaction,
  PaymentRequest,
  BankTransfer,
  VenmoNotification,
  PhoneAccount,
  Contact,
  TextMessage,
  VoiceMessage,
  Alarm,
  AuthCode,
  AccessToken,
  SupervisorState,
  IdCounters,
  WorldState,
} from "./state.js";
export type { ApiResponse, ApiCaller } from "./apps/types.js";
export { callApi, createApiCaller, buildApiDocs, buildApiDocsJson } from "./apps/call.js";
export type { CallOptions } from "./apps/call.js";
export { APP_NAMES } from "./apps/registry.js";
export { encodePythonJson, pyFloatRepr } from "./python-json.js";
export {
  startPythonRepl,
  createReplPool,
  sandboxOptionsSchema,
  replOptionsSchema,
  resolvePython,
  detectBwrap,
  ReplStartError,
} from "./executor/index.js";
export type {
  PythonRepl,
  StartPythonReplOptions,
  ExecuteOptions,
  ReplPool,
  ReplPoolOptions,
  SandboxOptions,
  ReplOptions,
  PythonInfo,
} from "./executor/index.js";
export { SPLITS } from "./tasks/types.js";
export type { Split, Task, TaskTest, TestContext, GoldStep, EvaluationReport } from "./tasks/types.js";
export { getTask, listTasks, listTaskIds, listScenarios } from "./tasks/catalog.js";
export type { ScenarioInfo } from "./tasks/catalog.js";
export { CATALOG_SEED, SPLIT_SCENARIOS } from "./tasks/catalog-plan.js";
export { UnknownTaskError } from "./tasks/errors.js";
export { normalizeAnswer, answersMatch } from "./tasks/answer.js";
export { evaluateTask, renderEvaluationReport, passPercentage } from "./evaluate.js";
export { openTaskWorld, describeTaskWorld, closeDefaultReplPools } from "./task-world.js";
export type { TaskWorld, TaskWorldInfo, OpenTaskWorldOptions } from "./task-world.js";
export { REFERENCE_POLICIES } from "./reference-policy.js";
export type { ReferencePolicy } from "./reference-policy.js";
export { solveTask, solveSplit } from "./solve.js";
export type {
  SolveTaskOptions,
  SolveTaskResult,
  SolveSplitOptions,
  SolveSplitResult,
} from "./solve.js";
