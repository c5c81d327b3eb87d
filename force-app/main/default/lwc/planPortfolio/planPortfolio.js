import { LightningElement, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
// eslint-disable-next-line @lwc/lwc/newer-version-available -- the components use lightning/uiGraphQLApi (refreshGraphQL), which the local org implements
import { graphql, refreshGraphQL } from 'lightning/uiGraphQLApi';
import { getPicklistValues } from 'lightning/uiObjectInfoApi';
import { reduceErrors } from 'c/ldsUtils';
import { toCsv, CSV_TYPE, UTF8_BOM } from 'c/csvExport';
import userId from '@salesforce/user/Id';
import STATUS_FIELD from '@salesforce/schema/Business_Plan__c.Status__c';

import titleLabel from '@salesforce/label/c.PlanPortfolio_Title';
import scopeLabel from '@salesforce/label/c.PlanPortfolio_Scope';
import myPlansLabel from '@salesforce/label/c.PlanPortfolio_MyPlans';
import allPlansLabel from '@salesforce/label/c.PlanPortfolio_AllPlans';
import statusFilterLabel from '@salesforce/label/c.PlanPortfolio_StatusFilter';
import anyStatusLabel from '@salesforce/label/c.PlanPortfolio_AnyStatus';
import partnerFilterLabel from '@salesforce/label/c.PlanPortfolio_PartnerFilter';
import partnerPlaceholderLabel from '@salesforce/label/c.PlanPortfolio_PartnerPlaceholder';
import periodLabel from '@salesforce/label/c.PlanPortfolio_Period';
import anyPeriodLabel from '@salesforce/label/c.PlanPortfolio_AnyPeriod';
import thisFiscalYearLabel from '@salesforce/label/c.PlanPortfolio_ThisFiscalYear';
import lastFiscalYearLabel from '@salesforce/label/c.PlanPortfolio_LastFiscalYear';
import nextFiscalYearLabel from '@salesforce/label/c.PlanPortfolio_NextFiscalYear';
import rangeLabel from '@salesforce/label/c.PlanPortfolio_Range';
import fromLabel from '@salesforce/label/c.PlanPortfolio_From';
import toLabel from '@salesforce/label/c.PlanPortfolio_To';
import exportLabel from '@salesforce/label/c.PlanPortfolio_Export';
import fileNameLabel from '@salesforce/label/c.PlanPortfolio_FileName';
import columnPlanLabel from '@salesforce/label/c.PlanPortfolio_ColumnPlan';
import columnPartnerLabel from '@salesforce/label/c.PlanPortfolio_ColumnPartner';
import columnStatusLabel from '@salesforce/label/c.PlanPortfolio_ColumnStatus';
import columnProgressLabel from '@salesforce/label/c.PlanPortfolio_ColumnProgress';
import columnProgressPercentLabel from '@salesforce/label/c.PlanPortfolio_ColumnProgressPercent';
import columnStartLabel from '@salesforce/label/c.PlanPortfolio_ColumnStart';
import columnEndLabel from '@salesforce/label/c.PlanPortfolio_ColumnEnd';
import columnNextReviewLabel from '@salesforce/label/c.PlanPortfolio_ColumnNextReview';
import summaryLabel from '@salesforce/label/c.PlanPortfolio_Summary';
import totalPlansLabel from '@salesforce/label/c.PlanPortfolio_TotalPlans';
import averageProgressLabel from '@salesforce/label/c.PlanPortfolio_AverageProgress';
import progressOfLabel from '@salesforce/label/c.PlanPortfolio_ProgressOf';
import emptyLabel from '@salesforce/label/c.PlanPortfolio_Empty';
import loadingLabel from '@salesforce/label/c.PlanPortfolio_Loading';
import loadErrorLabel from '@salesforce/label/c.PlanPortfolio_LoadError';
import truncatedLabel from '@salesforce/label/c.PlanPortfolio_Truncated';
import refreshLabel from '@salesforce/label/c.PlanPortfolio_Refresh';

import {
  PAGE_SIZE,
  PERIODS,
  PORTFOLIO_QUERY,
  portfolioOrderBy,
  portfolioRows,
  portfolioWhere
} from './portfolioQuery';

/** Every object has the master record type; its picklist values are the org's. */
const MASTER_RECORD_TYPE_ID = '012000000000000AAA';
/** Typing in the partner search waits this long before the query runs again. */
const SEARCH_DELAY_MS = 300;

const format = (template, ...values) => values.reduce((text, v, i) => text.replace(`{${i}}`, v), template);

/**
 * A channel manager's portfolio of business plans (or every plan they can see): filters by
 * status, partner and time period and sorting all run in the GraphQL query, so the server's
 * sharing decides the rows; summary tiles and the CSV export cover the filtered rows.
 */
export default class PlanPortfolio extends NavigationMixin(LightningElement) {
  label = {
    title: titleLabel,
    scope: scopeLabel,
    statusFilter: statusFilterLabel,
    partnerFilter: partnerFilterLabel,
    partnerPlaceholder: partnerPlaceholderLabel,
    period: periodLabel,
    from: fromLabel,
    to: toLabel,
    export: exportLabel,
    fileName: fileNameLabel,
    summary: summaryLabel,
    totalPlans: totalPlansLabel,
    averageProgress: averageProgressLabel,
    empty: emptyLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    refresh: refreshLabel
  };

  scope = 'mine';
  status = '';
  partner = '';
  period = PERIODS.ANY;
  from = '';
  to = '';
  sortedBy = 'url';
  sortDirection = 'asc';

  result;
  recordUrls = {};
  csvUrl;
  searchTimer;

  scopeOptions = [
    { label: myPlansLabel, value: 'mine' },
    { label: allPlansLabel, value: 'all' }
  ];

  periodOptions = [
    { label: anyPeriodLabel, value: PERIODS.ANY },
    { label: thisFiscalYearLabel, value: PERIODS.THIS_FISCAL_YEAR },
    { label: lastFiscalYearLabel, value: PERIODS.LAST_FISCAL_YEAR },
    { label: nextFiscalYearLabel, value: PERIODS.NEXT_FISCAL_YEAR },
    { label: rangeLabel, value: PERIODS.RANGE }
  ];

  columns = [
    {
      label: columnPlanLabel,
      fieldName: 'url',
      type: 'url',
      sortable: true,
      typeAttributes: { label: { fieldName: 'name' } }
    },
    { label: columnPartnerLabel, fieldName: 'partnerName', sortable: true },
    { label: columnStatusLabel, fieldName: 'status', sortable: true },
    {
      label: columnProgressLabel,
      fieldName: 'progress',
      type: 'progressGauge',
      sortable: true,
      initialWidth: 180,
      typeAttributes: { label: { fieldName: 'progressLabel' } }
    },
    { label: columnStartLabel, fieldName: 'startDate', type: 'date-local', sortable: true },
    { label: columnEndLabel, fieldName: 'endDate', type: 'date-local', sortable: true },
    { label: columnNextReviewLabel, fieldName: 'nextReviewDate', type: 'date-local', sortable: true }
  ];

  @wire(getPicklistValues, { recordTypeId: MASTER_RECORD_TYPE_ID, fieldApiName: STATUS_FIELD })
  statusValues;

  @wire(graphql, { query: PORTFOLIO_QUERY, variables: '$variables', operationName: 'planPortfolio' })
  wiredPlans(result) {
    this.result = result;
    this.updateLinks();
  }

  /** Read by the wire: every filter and the sort order, as the query's variables. */
  get variables() {
    return {
      where: portfolioWhere({
        mine: this.scope === 'mine',
        userId,
        status: this.status,
        partner: this.partner,
        period: this.period,
        from: this.from,
        to: this.to
      }),
      // The datatable sorts the plan column by its URL field; the query sorts plans by name.
      orderBy: portfolioOrderBy(this.sortedBy === 'url' ? 'name' : this.sortedBy, this.sortDirection),
      first: PAGE_SIZE
    };
  }

  disconnectedCallback() {
    clearTimeout(this.searchTimer);
    this.revokeCsv();
  }

  get errors() {
    const errors = [];
    if (this.result?.errors) errors.push(...this.result.errors);
    if (this.statusValues?.error) errors.push(this.statusValues.error);
    return reduceErrors(errors);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return !this.hasError && !this.result?.data;
  }

  get connection() {
    return this.result?.data?.uiapi?.query?.Business_Plan__c;
  }

  get rows() {
    return portfolioRows(this.result?.data).map((row) => ({
      ...row,
      url: this.recordUrls[row.id],
      progressLabel: format(progressOfLabel, row.name ?? '')
    }));
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get isTruncated() {
    return Boolean(this.connection?.pageInfo?.hasNextPage);
  }

  get truncatedMessage() {
    return format(truncatedLabel, this.rows.length, this.connection?.totalCount ?? '');
  }

  get statusOptions() {
    const values = this.statusValues?.data?.values ?? [];
    return [{ label: anyStatusLabel, value: '' }, ...values.map((v) => ({ label: v.label, value: v.value }))];
  }

  get isRange() {
    return this.period === PERIODS.RANGE;
  }

  /** One tile per status, in the picklist's order, with the number of plans in it. */
  get statusTiles() {
    const rows = this.rows;
    return (this.statusValues?.data?.values ?? []).map((v) => ({
      key: v.value,
      label: v.label,
      count: rows.filter((r) => r.statusValue === v.value).length
    }));
  }

  get planCount() {
    return this.rows.length;
  }

  /** The mean of the plans' progress that has been calculated; null when none has. */
  get averageProgress() {
    const values = this.rows.map((r) => r.progress).filter((p) => typeof p === 'number');
    return values.length === 0 ? null : values.reduce((sum, p) => sum + p, 0) / values.length;
  }

  get hasAverageProgress() {
    return this.averageProgress !== null;
  }

  get averageProgressBar() {
    return this.averageProgress ?? 0;
  }

  get csvColumns() {
    return [
      { label: columnPlanLabel, fieldName: 'name' },
      { label: columnPartnerLabel, fieldName: 'partnerName' },
      { label: columnStatusLabel, fieldName: 'status' },
      { label: columnProgressPercentLabel, fieldName: 'progress' },
      { label: columnStartLabel, fieldName: 'startDate' },
      { label: columnEndLabel, fieldName: 'endDate' },
      { label: columnNextReviewLabel, fieldName: 'nextReviewDate' }
    ];
  }

  /** Record page URLs for the plan links, and a fresh CSV of the rows now shown. */
  updateLinks() {
    const rows = portfolioRows(this.result?.data);
    this.revokeCsv();
    if (rows.length > 0) {
      const blob = new Blob([UTF8_BOM + toCsv(this.csvColumns, rows)], { type: CSV_TYPE });
      this.csvUrl = URL.createObjectURL(blob);
    }
    const missing = rows.filter((r) => !this.recordUrls[r.id]);
    Promise.all(
      missing.map((r) =>
        this[NavigationMixin.GenerateUrl]({
          type: 'standard__recordPage',
          attributes: { recordId: r.id, objectApiName: 'Business_Plan__c', actionName: 'view' }
        }).then((url) => [r.id, url])
      )
    ).then((entries) => {
      if (entries.length > 0) this.recordUrls = { ...this.recordUrls, ...Object.fromEntries(entries) };
    });
  }

  revokeCsv() {
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = undefined;
  }

  handleScopeChange(event) {
    this.scope = event.detail.value;
  }

  handleStatusChange(event) {
    this.status = event.detail.value;
  }

  handlePeriodChange(event) {
    this.period = event.detail.value;
  }

  handleFromChange(event) {
    this.from = event.detail.value || '';
  }

  handleToChange(event) {
    this.to = event.detail.value || '';
  }

  handlePartnerChange(event) {
    const value = event.detail.value || '';
    clearTimeout(this.searchTimer);
    // eslint-disable-next-line @lwc/lwc/no-async-operation -- waits for the user to stop typing
    this.searchTimer = setTimeout(() => {
      this.partner = value;
    }, SEARCH_DELAY_MS);
  }

  handleSort(event) {
    this.sortedBy = event.detail.fieldName;
    this.sortDirection = event.detail.sortDirection;
  }

  handleRefresh() {
    return refreshGraphQL(this.result);
  }
}
