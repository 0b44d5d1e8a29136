// The security-rules engine: parser, three-valued evaluator, subset check, the database client
// guard, and the function invoke rules. One evaluator for the whole local cloud: storage rules use
// evaluateExpression too.
export { parseRule, getCallCount, RuleSyntaxError, MAX_RULE_LENGTH, MAX_GET_CALLS, MAX_GET_NESTING } from './parser';
export { evaluateExpression, UNKNOWN, type Auth, type ExpressionEnv } from './evaluate';
export { queryAlternatives, ruleHoldsForQuery, substituteOpenid, OPENID_PLACEHOLDER } from './subset';
export { RulesGuard, ruleFor, validateSpecRules, updateDataForRules, authFor, MAX_GET_DOCUMENTS } from './guard';
export { loadFunctionRules, checkInvokePermission, DEFAULT_FUNCTION_RULES, type FunctionRules } from './functions';
