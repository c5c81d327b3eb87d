import { LightningElement, api } from 'lwc';
import { compareSnapshots, parseSnapshot, SNAPSHOT_PROBLEM, TREND } from 'c/progressSnapshot';

import snapshotTitleLabel from '@salesforce/label/c.ReviewSnapshot_SnapshotTitle';
import comparisonTitleLabel from '@salesforce/label/c.ReviewSnapshot_ComparisonTitle';
import emptyLabel from '@salesforce/label/c.ReviewSnapshot_Empty';
import invalidLabel from '@salesforce/label/c.ReviewSnapshot_Invalid';
import unsupportedLabel from '@salesforce/label/c.ReviewSnapshot_Unsupported';
import planProgressLabel from '@salesforce/label/c.ReviewSnapshot_PlanProgress';
import takenAtLabel from '@salesforce/label/c.ReviewSnapshot_TakenAt';
import noObjectivesLabel from '@salesforce/label/c.ReviewSnapshot_NoObjectives';
import columnObjectiveLabel from '@salesforce/label/c.ReviewSnapshot_ColumnObjective';
import columnTargetLabel from '@salesforce/label/c.ReviewSnapshot_ColumnTarget';
import columnActualLabel from '@salesforce/label/c.ReviewSnapshot_ColumnActual';
import columnProgressLabel from '@salesforce/label/c.ReviewSnapshot_ColumnProgress';
import columnBeforeLabel from '@salesforce/label/c.ReviewSnapshot_ColumnBefore';
import columnAfterLabel from '@salesforce/label/c.ReviewSnapshot_ColumnAfter';
import columnChangeLabel from '@salesforce/label/c.ReviewSnapshot_ColumnChange';
import upLabel from '@salesforce/label/c.ReviewSnapshot_Up';
import downLabel from '@salesforce/label/c.ReviewSnapshot_Down';
import pointsLabel from '@salesforce/label/c.ReviewSnapshot_Points';
import noChangeLabel from '@salesforce/label/c.ReviewSnapshot_NoChange';
import notComparableLabel from '@salesforce/label/c.ReviewSnapshot_NotComparable';
import addedLabel from '@salesforce/label/c.ReviewSnapshot_Added';
import removedLabel from '@salesforce/label/c.ReviewSnapshot_Removed';

const format = (template, ...values) =>
  values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);

/** The arrow of a change that went up or down: its icon, colour and words for the direction. */
const ARROWS = {
  [TREND.UP]: { iconName: 'utility:arrowup', variant: 'success', alternativeText: upLabel },
  [TREND.DOWN]: { iconName: 'utility:arrowdown', variant: 'error', alternativeText: downLabel }
};

/** How a change shows: an arrow whose alternative text says the direction, the size, and the unit. */
function changeView({ delta, trend }) {
  return {
    arrow: ARROWS[trend],
    isSame: trend === TREND.SAME,
    isUnknown: trend === TREND.UNKNOWN,
    size: delta === null ? null : Math.abs(delta)
  };
}

/**
 * One held review's progress snapshot, or, given the previous held review's snapshot too, what
 * changed since then: the plan's progress, each objective's progress (up, down, unchanged or not
 * comparable, in words as well as arrows), and the objectives added or removed in between.
 * A snapshot this page cannot read is explained, never guessed at.
 */
export default class ReviewSnapshot extends LightningElement {
  /** Progress_Snapshot__c of the review. */
  @api snapshotJson;
  /** Name of the review, for messages. */
  @api reviewName;
  /** Progress_Snapshot__c of the previous held review: when set, the changes since then show. */
  @api previousSnapshotJson;
  /** Name of the previous held review. */
  @api previousReviewName;

  label = {
    planProgress: planProgressLabel,
    takenAt: takenAtLabel,
    noObjectives: noObjectivesLabel,
    columnObjective: columnObjectiveLabel,
    columnTarget: columnTargetLabel,
    columnActual: columnActualLabel,
    columnProgress: columnProgressLabel,
    columnBefore: columnBeforeLabel,
    columnAfter: columnAfterLabel,
    columnChange: columnChangeLabel,
    points: pointsLabel,
    noChange: noChangeLabel,
    notComparable: notComparableLabel
  };

  get isComparison() {
    return this.previousSnapshotJson !== undefined && this.previousSnapshotJson !== null;
  }

  get current() {
    return parseSnapshot(this.snapshotJson);
  }

  get previous() {
    return parseSnapshot(this.previousSnapshotJson);
  }

  /** Why a snapshot cannot be shown, naming the review it belongs to. */
  problemText(outcome, reviewName) {
    switch (outcome.problem) {
      case SNAPSHOT_PROBLEM.EMPTY:
        return format(emptyLabel, reviewName ?? '');
      case SNAPSHOT_PROBLEM.UNSUPPORTED:
        return format(unsupportedLabel, reviewName ?? '', String(outcome.version));
      default:
        return format(invalidLabel, reviewName ?? '', outcome.detail ?? '');
    }
  }

  get problems() {
    const list = [];
    if (!this.current.ok) list.push(this.problemText(this.current, this.reviewName));
    if (this.isComparison && !this.previous.ok) {
      list.push(this.problemText(this.previous, this.previousReviewName));
    }
    return list;
  }

  get hasProblems() {
    return this.problems.length > 0;
  }

  get heading() {
    return this.isComparison
      ? format(comparisonTitleLabel, this.reviewName ?? '', this.previousReviewName ?? '')
      : format(snapshotTitleLabel, this.reviewName ?? '');
  }

  get snapshot() {
    return this.current.snapshot;
  }

  get hasObjectives() {
    return this.snapshot.objectives.length > 0;
  }

  get comparison() {
    const { plan, objectives, added, removed } = compareSnapshots(
      this.previous.snapshot,
      this.current.snapshot
    );
    // The plan's weighted progress leads the table, then each objective in both snapshots.
    const rows = [
      { ...plan, id: 'plan', name: planProgressLabel, rowClass: 'plan-row slds-text-title_bold' },
      ...objectives.map((objective) => ({ ...objective, rowClass: 'objective-row' }))
    ];
    // The objectives added and removed in between, each list under its heading when it has any.
    const changes = [
      {
        key: 'added',
        heading: addedLabel,
        listClass: 'added-objectives slds-list_dotted',
        objectives: added
      },
      {
        key: 'removed',
        heading: removedLabel,
        listClass: 'removed-objectives slds-list_dotted',
        objectives: removed
      }
    ].filter((group) => group.objectives.length > 0);
    return { rows: rows.map((row) => ({ ...row, change: changeView(row) })), changes };
  }
}
