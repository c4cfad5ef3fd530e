import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
} from '@remix-run/react';
import {
  platformCreateCategory,
  platformListCategories,
  platformUpdateCategory,
  type PlatformCategoryNode,
} from '@cardshop/domain';
import { cx, useLang, useT } from '@cardshop/ui';
import { PageHeader } from '../components';
import { attempt, badRequest, checkbox, formStrings, text, type FormResult } from '../forms.server';
import { parseIntField } from '../money';
import { requirePlatform } from '../permissions.server';
import { asOperator } from '../scopes.server';
import {
  Badge,
  Btn,
  CheckboxField,
  FormMessage,
  LinkBtn,
  Panel,
  SelectField,
  TextField,
} from '../ui';

export const meta: MetaFunction = () => [{ title: '商品分类 · 卡盟云' }];

interface Row {
  id: string;
  parentId: string | null;
  depth: number;
  slug: string;
  name: string;
  nameEn: string;
  icon: string;
  sortOrder: number;
  status: 'active' | 'hidden';
  productCount: number;
  /** Hidden itself or under a hidden parent. */
  effectivelyHidden: boolean;
}

function flatten(nodes: PlatformCategoryNode[], depth = 0, hiddenAbove = false): Row[] {
  return nodes.flatMap((n) => {
    const hidden = hiddenAbove || n.status === 'hidden';
    return [
      {
        id: n.id,
        parentId: n.parentId,
        depth,
        slug: n.slug,
        name: n.name,
        nameEn: n.nameEn,
        icon: n.icon,
        sortOrder: n.sortOrder,
        status: n.status,
        productCount: n.productCount,
        effectivelyHidden: hidden,
      },
      ...flatten(n.children, depth + 1, hidden),
    ];
  });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { can, actor } = await requirePlatform(request, context, 'categories.view');
  const tree = await asOperator(context, actor, 'console: list categories', platformListCategories);
  const url = new URL(request.url);
  const rows = flatten(tree);
  const editing = rows.find((r) => r.id === url.searchParams.get('edit')) ?? null;
  return {
    rows,
    editing,
    canEdit: can('categories.manage'),
    notice: url.searchParams.get('notice'),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requirePlatform(request, context, 'categories.manage');
  const form = await request.formData();
  const intent = text(form, 'intent');
  const values = formStrings(form);

  const sort = parseIntField(values.sortOrder ?? '', '排序', {
    allowNegative: true,
    min: -100_000,
    max: 100_000,
  });
  const input = {
    slug: text(form, 'slug'),
    name: text(form, 'name'),
    nameEn: text(form, 'nameEn'),
    icon: text(form, 'icon'),
    parentId: text(form, 'parentId') || null,
    sortOrder: sort.ok ? sort.value : 0,
    status: checkbox(form, 'hidden') ? ('hidden' as const) : ('active' as const),
  };
  const result: FormResult = { intent, values };
  if (!sort.ok) return badRequest({ ...result, fieldErrors: { sortOrder: sort.error } });
  // The domain parses the rest with its schema; a refusal comes back with per-field messages.

  if (intent === 'update') {
    const id = text(form, 'id');
    const done = await attempt(
      () =>
        asOperator(context, actor, 'console: update category', (trx) =>
          platformUpdateCategory(trx, actor, id, input),
        ),
      result,
    );
    if (!done.ok) return done.response;
    return redirect('/platform/categories?notice=saved');
  }
  const done = await attempt(
    () =>
      asOperator(context, actor, 'console: create category', (trx) =>
        platformCreateCategory(trx, actor, input),
      ),
    result,
  );
  if (!done.ok) return done.response;
  return redirect('/platform/categories?notice=created');
}

export default function PlatformCategories() {
  const loaded = useLoaderData<typeof loader>();
  const { rows, canEdit, notice } = loaded;
  const result = useActionData<typeof action>() as FormResult | undefined;
  // A refused edit stays on the category it was about, whatever the address says.
  const editing =
    result?.intent === 'update'
      ? (rows.find((r) => r.id === result.values?.id) ?? loaded.editing)
      : loaded.editing;
  const t = useT();
  const lang = useLang();
  const location = useLocation();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const mode = editing ? 'update' : 'create';
  const sent = result?.intent === mode ? result : undefined;
  const v = (name: string, fallback: string) => sent?.values?.[name] ?? fallback;

  // A category cannot move under itself or its own descendants.
  const excluded = new Set<string>();
  if (editing) {
    excluded.add(editing.id);
    for (const r of rows) if (r.parentId && excluded.has(r.parentId)) excluded.add(r.id);
  }
  const parentOptions = [
    { value: '', label: t('console.categories.noParent') },
    ...rows
      .filter((r) => !excluded.has(r.id))
      .map((r) => ({
        value: r.id,
        label: `${'　'.repeat(r.depth)}${r.icon ? `${r.icon} ` : ''}${lang === 'en' ? r.nameEn : r.name}`,
      })),
  ];

  return (
    <>
      <PageHeader
        title={t('console.categories.title')}
        subtitle={t('console.categories.subtitle', { count: rows.length })}
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-3">
          {notice === 'saved' || notice === 'created' ? (
            <FormMessage
              notice={t(
                notice === 'saved' ? 'console.categories.saved' : 'console.categories.created',
              )}
            />
          ) : null}
          <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
            {rows.length === 0 ? (
              <li className="p-8 text-center text-slate-500">{t('console.empty')}</li>
            ) : null}
            {rows.map((r) => (
              <li
                key={r.id}
                className={cx(
                  'flex items-center gap-3 px-4 py-3',
                  editing?.id === r.id && 'bg-indigo-50',
                  r.effectivelyHidden && 'text-slate-400',
                )}
                style={{ paddingLeft: `${1 + r.depth * 1.5}rem` }}
              >
                <span className="w-7 shrink-0 text-center text-xl" aria-hidden>
                  {r.icon || '·'}
                </span>
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">
                    {r.name} <span className="font-normal text-slate-500">/ {r.nameEn}</span>
                  </p>
                  <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <code>{r.slug}</code>
                    <span>
                      {t('console.categories.order')} {r.sortOrder}
                    </span>
                    <span>{t('console.categories.products', { count: r.productCount })}</span>
                    {r.status === 'hidden' ? (
                      <Badge tone="amber">{t('console.categories.hidden')}</Badge>
                    ) : r.effectivelyHidden ? (
                      <Badge tone="slate">{t('console.categories.hiddenByParent')}</Badge>
                    ) : null}
                  </p>
                </div>
                {canEdit ? (
                  <Link
                    to={`?edit=${r.id}`}
                    className="text-brand shrink-0 text-sm hover:underline"
                    preventScrollReset={false}
                  >
                    {t('console.common.edit')}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </div>

        {canEdit ? (
          <Panel
            title={
              editing
                ? t('console.categories.editTitle', { name: editing.name })
                : t('console.categories.create')
            }
            className="self-start lg:sticky lg:top-4"
          >
            <Form
              method="post"
              key={`${location.key}-${editing?.id ?? 'new'}`}
              className="space-y-3"
              noValidate
            >
              <input type="hidden" name="intent" value={mode} />
              {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
              <FormMessage error={sent?.formError} />
              <TextField
                label={t('console.categories.name')}
                name="name"
                required
                maxLength={40}
                defaultValue={v('name', editing?.name ?? '')}
                error={sent?.fieldErrors?.name}
              />
              <TextField
                label={t('console.categories.nameEn')}
                name="nameEn"
                required
                maxLength={60}
                defaultValue={v('nameEn', editing?.nameEn ?? '')}
                error={sent?.fieldErrors?.nameEn}
              />
              <TextField
                label={t('console.categories.slug')}
                name="slug"
                required
                maxLength={40}
                autoCapitalize="off"
                spellCheck={false}
                hint={t('console.categories.slugHint')}
                defaultValue={v('slug', editing?.slug ?? '')}
                error={sent?.fieldErrors?.slug}
              />
              <div className="grid grid-cols-2 gap-3">
                <TextField
                  label={t('console.categories.icon')}
                  name="icon"
                  maxLength={16}
                  hint={t('console.categories.iconHint')}
                  defaultValue={v('icon', editing?.icon ?? '')}
                  error={sent?.fieldErrors?.icon}
                />
                <TextField
                  label={t('console.categories.order')}
                  name="sortOrder"
                  inputMode="numeric"
                  hint={t('console.categories.orderHint')}
                  defaultValue={v('sortOrder', String(editing?.sortOrder ?? 0))}
                  error={sent?.fieldErrors?.sortOrder}
                />
              </div>
              <SelectField
                label={t('console.categories.parent')}
                name="parentId"
                options={parentOptions}
                defaultValue={v('parentId', editing?.parentId ?? '')}
                error={sent?.fieldErrors?.parentId}
              />
              <CheckboxField
                label={t('console.categories.hidden')}
                name="hidden"
                hint={t('console.categories.hiddenHint')}
                defaultChecked={
                  sent?.values ? sent.values.hidden === 'on' : editing?.status === 'hidden'
                }
              />
              <div className="flex gap-2 pt-1">
                <Btn type="submit" disabled={busy}>
                  {editing ? t('console.common.save') : t('console.categories.createSubmit')}
                </Btn>
                {editing ? (
                  <LinkBtn to="/platform/categories">{t('console.common.cancel')}</LinkBtn>
                ) : null}
              </div>
            </Form>
          </Panel>
        ) : null}
      </div>
    </>
  );
}
