package net.freedommessenger.westchat.cli;

import net.freedommessenger.westchat.api.status.CommunityCondition;

/** How one part stands, in the few words {@code westchat status} prints next to it. */
enum PartVerdict {
  WORKS("works"),
  STARTING("starting, wait"),
  NOT_WORKING("does not work"),
  SWITCHED_OFF("switched off");

  static final String DISABLED = "Disabled";
  /** Ready's reason when no part fails and some are still starting; Ready is then False, yet nothing is broken. */
  static final String PARTS_PENDING = "PartsPending";

  final String words;

  PartVerdict(String words) {
    this.words = words;
  }

  /** @param condition null when the operator has not reported on the part */
  static PartVerdict of(CommunityCondition condition) {
    if (condition == null) {
      return STARTING;
    }
    if ("True".equals(condition.status)) {
      return DISABLED.equals(condition.reason) ? SWITCHED_OFF : WORKS;
    }
    if ("Unknown".equals(condition.status) || PARTS_PENDING.equals(condition.reason)) {
      return STARTING;
    }
    return NOT_WORKING;
  }
}
