package net.freedommessenger.westchat.api.validation;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@code x-kubernetes-validations} rule of the CRD, evaluated as the API server does:
 * {@code self} is the value at the rule's place, {@code oldSelf} the stored one on update.
 */
final class CelRule {

  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final String expression;
  private final String message;
  private final String fieldPath;
  private final boolean transition;
  private final CelRuntime.Program program;

  CelRule(String expression, String message, String fieldPath) {
    this.expression = expression;
    this.message = message == null ? "failed rule: " + expression : message;
    this.fieldPath = fieldPath == null ? "" : fieldPath;
    this.transition = expression.contains("oldSelf");
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      this.program = RUNTIME.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("CRD rule does not compile: " + expression, e);
    }
  }

  /** Transition rules only apply when there is a stored object to compare with. */
  boolean appliesTo(Object oldValue) {
    return !transition || oldValue != null;
  }

  boolean holds(Object value, Object oldValue) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", value);
    if (transition) {
      vars.put("oldSelf", oldValue);
    }
    try {
      return Boolean.TRUE.equals(program.eval(vars));
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("CRD rule failed to evaluate: " + expression + ": " + e.getMessage(), e);
    }
  }

  String message() {
    return message;
  }

  String fieldPath() {
    return fieldPath;
  }
}
