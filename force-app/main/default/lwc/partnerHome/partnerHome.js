import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
// eslint-disable-next-line @lwc/lwc/newer-version-available -- the components use lightning/uiGraphQLApi (refreshGraphQL), which the local org implements
import { gql, graphql } from 'lightning/uiGraphQLApi';
import { reduceErrors } from 'c/ldsUtils';

import titleLabel from '@salesforce/label/c.PartnerHome_Title';
import emptyLabel from '@salesforce/label/c.PartnerHome_Empty';
import loadingLabel from '@salesforce/label/c.PartnerHome_Loading';
import loadErrorLabel from '@salesforce/label/c.PartnerHome_LoadError';
import completionOfLabel from '@salesforce/label/c.PartnerHome_CompletionOf';
import nextActionsLabel from '@salesforce/label/c.PartnerHome_NextActions';
import noOpenActionsLabel from '@salesforce/label/c.PartnerHome_NoOpenActions';
import noDueDateLabel from '@salesforce/label/c.PartnerHome_NoDueDate';
import overdueLabel from '@salesforce/label/c.PartnerHome_Overdue';
import statusLabel from '@salesforce/label/c.PartnerHome_Status';

/** Plans a card lists at most; a partner works on a handful at a time. */
const MAX_PLANS = 50;
const DEFAULT_ACTION_ITEMS = 3;

/**
 * The partner's plans (sharing decides which, and templates are never shared with partners;
 * a Draft Outline plan is never shown), each with its open action items due soonest.
 */
const PARTNER_HOME_QUERY = gql`
  query partnerHome($first: Int, $items: Int) {
    uiapi {
      query {
        Business_Plan__c(
          where: { Status__c: { ne: "Draft Outline" } }
          orderBy: { Start_Date__c: { order: DESC, nulls: LAST }, Name: { order: ASC } }
          first: $first
        ) {
          edges {
            node {
              Id
              Name {
                value
              }
              Status__c {
                value
                displayValue
              }
              Progress__c {
                value
              }
              Partner_Account__r {
                Name {
                  value
                }
              }
              Plan_Action_Items__r(
                where: { Status__c: { nin: ["Completed", "Cancelled"] } }
                orderBy: { Due_Date__c: { order: ASC, nulls: LAST }, Name: { order: ASC } }
                first: $items
              ) {
                edges {
                  node {
                    Id
                    Name {
                      value
                    }
                    Due_Date__c {
                      value
                      displayValue
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

const format = (template, ...values) => values.reduce((text, v, i) => text.replace(`{${i}}`, v), template);

/** Today in the browser's calendar, as YYYY-MM-DD, to compare with date fields. */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The partner home widget: the signed-in partner's visible plans with a completion gauge,
 * their status and the next open action items, each plan linking to its record page.
 */
export default class PartnerHome extends NavigationMixin(LightningElement) {
  /** How many open action items each plan shows (set in Experience Builder or the App Builder). */
  @api actionItemsPerPlan = DEFAULT_ACTION_ITEMS;

  label = {
    title: titleLabel,
    empty: emptyLabel,
    loading: loadingLabel,
    loadError: loadErrorLabel,
    nextActions: nextActionsLabel,
    noOpenActions: noOpenActionsLabel,
    status: statusLabel
  };

  result;
  recordUrls = {};

  @wire(graphql, { query: PARTNER_HOME_QUERY, variables: '$variables', operationName: 'partnerHome' })
  wiredPlans(result) {
    this.result = result;
    this.generateUrls();
  }

  get variables() {
    const items = Number(this.actionItemsPerPlan);
    return {
      first: MAX_PLANS,
      items: Number.isInteger(items) && items >= 0 ? items : DEFAULT_ACTION_ITEMS
    };
  }

  get errors() {
    return reduceErrors(this.result?.errors ?? []);
  }

  get hasError() {
    return this.errors.length > 0;
  }

  get isLoading() {
    return !this.hasError && !this.result?.data;
  }

  get edges() {
    return this.result?.data?.uiapi?.query?.Business_Plan__c?.edges ?? [];
  }

  get plans() {
    const day = today();
    return this.edges.map(({ node }) => {
      const name = node.Name?.value ?? '';
      const items = (node.Plan_Action_Items__r?.edges ?? []).map(({ node: item }) => {
        const due = item.Due_Date__c?.value ?? null;
        const overdue = due !== null && due < day;
        return {
          id: item.Id,
          name: item.Name?.value,
          due,
          dueText: item.Due_Date__c?.displayValue ?? due ?? noDueDateLabel,
          overdue,
          overdueText: overdueLabel,
          dueClass: overdue ? 'due slds-text-color_error' : 'due slds-text-color_weak'
        };
      });
      return {
        id: node.Id,
        name,
        url: this.recordUrls[node.Id],
        partnerName: node.Partner_Account__r?.Name?.value ?? '',
        status: node.Status__c?.displayValue ?? node.Status__c?.value ?? '',
        progress: node.Progress__c?.value ?? null,
        gauge: Math.min(Math.max(node.Progress__c?.value ?? 0, 0), 100),
        gaugeLabel: format(completionOfLabel, name),
        items,
        hasItems: items.length > 0
      };
    });
  }

  get hasPlans() {
    return this.edges.length > 0;
  }

  generateUrls() {
    const missing = this.edges.map(({ node }) => node.Id).filter((id) => !this.recordUrls[id]);
    Promise.all(
      missing.map((recordId) =>
        this[NavigationMixin.GenerateUrl]({
          type: 'standard__recordPage',
          attributes: { recordId, objectApiName: 'Business_Plan__c', actionName: 'view' }
        }).then((url) => [recordId, url])
      )
    ).then((entries) => {
      if (entries.length > 0) this.recordUrls = { ...this.recordUrls, ...Object.fromEntries(entries) };
    });
  }

  /** Navigates inside the app or site instead of loading the page anew. */
  handleOpenPlan(event) {
    event.preventDefault();
    this[NavigationMixin.Navigate]({
      type: 'standard__recordPage',
      attributes: {
        recordId: event.currentTarget.dataset.id,
        objectApiName: 'Business_Plan__c',
        actionName: 'view'
      }
    });
  }
}
