// eslint-disable-next-line @lwc/lwc/newer-version-available -- the components use lightning/uiGraphQLApi (refreshGraphQL), which the local org implements
import { gql } from 'lightning/uiGraphQLApi';

/** GraphQL returns at most 2,000 records a page; a channel manager's portfolio fits in one. */
export const PAGE_SIZE = 2000;

/**
 * The plans of the portfolio: templates are left out, the rest filtered and sorted on the
 * server through `$where` and `$orderBy`, so sharing decides what anyone sees.
 */
export const PORTFOLIO_QUERY = gql`
  query planPortfolio($where: Business_Plan__c_Filter, $orderBy: Business_Plan__c_OrderBy, $first: Int) {
    uiapi {
      query {
        Business_Plan__c(where: $where, orderBy: $orderBy, first: $first) {
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
              Start_Date__c {
                value
              }
              End_Date__c {
                value
              }
              Next_Review_Date__c {
                value
              }
              Partner_Account__r {
                Name {
                  value
                }
              }
            }
          }
          totalCount
          pageInfo {
            hasNextPage
          }
        }
      }
    }
  }
`;

/** Time periods: a fiscal year as SOQL's fiscal date literals count it, or a custom range. */
export const PERIODS = {
  ANY: 'any',
  THIS_FISCAL_YEAR: 'THIS_FISCAL_YEAR',
  LAST_FISCAL_YEAR: 'LAST_FISCAL_YEAR',
  NEXT_FISCAL_YEAR: 'NEXT_FISCAL_YEAR',
  RANGE: 'range'
};

const FISCAL_YEARS = [PERIODS.THIS_FISCAL_YEAR, PERIODS.LAST_FISCAL_YEAR, PERIODS.NEXT_FISCAL_YEAR];

/**
 * The GraphQL filter for the dashboard's settings.
 * A plan runs for the fiscal year it starts in; a date range takes the plans that overlap it.
 * @param {{mine: boolean, userId: string, status: string, partner: string, period: string, from: string, to: string}} f
 */
export function portfolioWhere(f) {
  const and = [{ Is_Template__c: { eq: false } }];
  // A plan without a channel manager is its owner's, as the field defaults to the owner.
  if (f.mine)
    and.push({
      or: [
        { Channel_Manager__c: { eq: f.userId } },
        { and: [{ Channel_Manager__c: { eq: null } }, { OwnerId: { eq: f.userId } }] }
      ]
    });
  if (f.status) and.push({ Status__c: { eq: f.status } });
  const partner = (f.partner || '').trim();
  if (partner) and.push({ Partner_Account__r: { Name: { like: `%${partner}%` } } });
  if (FISCAL_YEARS.includes(f.period)) and.push({ Start_Date__c: { eq: { literal: f.period } } });
  if (f.period === PERIODS.RANGE) {
    if (f.to) and.push({ Start_Date__c: { lte: { value: f.to } } });
    if (f.from) and.push({ End_Date__c: { gte: { value: f.from } } });
  }
  return { and };
}

/** Datatable columns and the fields (or parent fields) they sort by. */
const SORT_PATHS = {
  name: ['Name'],
  partnerName: ['Partner_Account__r', 'Name'],
  status: ['Status__c'],
  progress: ['Progress__c'],
  startDate: ['Start_Date__c'],
  endDate: ['End_Date__c'],
  nextReviewDate: ['Next_Review_Date__c']
};

/** lightning-datatable's sortedBy / sortDirection as GraphQL's orderBy; empty values sort last. */
export function portfolioOrderBy(fieldName, direction) {
  const path = SORT_PATHS[fieldName] || SORT_PATHS.name;
  const order = direction === 'desc' ? 'DESC' : 'ASC';
  return path.reduceRight((inner, name) => ({ [name]: inner }), { order, nulls: 'LAST' });
}

/** GraphQL edges as datatable rows. */
export function portfolioRows(data) {
  const edges = data?.uiapi?.query?.Business_Plan__c?.edges ?? [];
  return edges.map(({ node }) => ({
    id: node.Id,
    name: node.Name?.value,
    partnerName: node.Partner_Account__r?.Name?.value ?? null,
    statusValue: node.Status__c?.value ?? null,
    status: node.Status__c?.displayValue ?? node.Status__c?.value ?? null,
    progress: node.Progress__c?.value ?? null,
    startDate: node.Start_Date__c?.value ?? null,
    endDate: node.End_Date__c?.value ?? null,
    nextReviewDate: node.Next_Review_Date__c?.value ?? null
  }));
}
