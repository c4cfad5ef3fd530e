import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
} from '@remix-run/react';
import {
  createShopCategory,
  deleteShopCategory,
  listShopCategories,
  updateShopCategory,
} from '@cardshop/domain';
import { cx, useT } from '@cardshop/ui';
import { PageHeader } from '../components';
import { attempt, badRequest, checkbox, formStrings, text, type FormResult } from '../forms.server';
import { readSortOrder } from '../listing-form.server';
import { parseIntField } from '../money';
import { requireShop } from '../permissions.server';
import { inShop } from '../scopes.server';
import {
  Badge,
  Btn,
  CheckboxField,
  FormMessage,
  LinkBtn,
  Panel,
  ReadOnlyNote,
  TextField,
} from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { shop, can } = await requireShop(request, context, params.slug, 'listings.view');
  const url = new URL(request.url);
  const categories = await inShop(context, shop, listShopCategories);
  return {
    categories,
    editing: categories.find((c) => c.id === url.searchParams.get('edit')) ?? null,
    deleting: categories.find((c) => c.id === url.searchParams.get('delete')) ?? null,
    canEdit: can('listings.manage'),
    notice: url.searchParams.get('notice'),
    moved: Number(url.searchParams.get('moved') ?? 0) || 0,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { shop } = await requireShop(request, context, params.slug, 'listings.manage');
  const form = await request.formData();
  const intent = text(form, 'intent');
  const here = `/shop/${shop.slug}/categories`;
  const result: FormResult = { intent, values: formStrings(form) };

  if (intent === 'delete') {
    const done = await attempt(
      () => inShop(context, shop, (trx) => deleteShopCategory(trx, text(form, 'id'))),
      result,
    );
    if (!done.ok) return done.response;
    return redirect(`${here}?notice=deleted&moved=${done.value.listingsMoved}`);
  }

  if (intent === 'visibility') {
    const done = await attempt(
      () =>
        inShop(context, shop, (trx) =>
          updateShopCategory(trx, text(form, 'id'), { visible: text(form, 'value') === 'true' }),
        ),
      result,
    );
    if (!done.ok) return done.response;
    return redirect(`${here}?notice=saved`);
  }

  if (intent === 'reorder') {
    // Every row's order number, saved together in one transaction.
    const orders: Array<{ id: string; sortOrder: number }> = [];
    const fieldErrors: Record<string, string> = {};
    for (const [key, value] of form.entries()) {
      if (!key.startsWith('order.') || typeof value !== 'string') continue;
      const id = key.slice('order.'.length);
      const parsed = parseIntField(value, '排序', {
        allowNegative: true,
        min: -100_000,
        max: 100_000,
      });
      if (parsed.ok) orders.push({ id, sortOrder: parsed.value });
      else fieldErrors[key] = parsed.error;
    }
    if (Object.keys(fieldErrors).length) {
      return badRequest({ ...result, formError: '排序只能填整数', fieldErrors });
    }
    const done = await attempt(
      () =>
        inShop(context, shop, async (trx) => {
          for (const o of orders) await updateShopCategory(trx, o.id, { sortOrder: o.sortOrder });
        }),
      result,
    );
    if (!done.ok) return done.response;
    return redirect(`${here}?notice=saved`);
  }

  const sort = readSortOrder(form);
  if (!sort.ok) return badRequest({ ...result, fieldErrors: { sortOrder: sort.error } });
  const input = {
    name: text(form, 'name'),
    slug: text(form, 'slug'),
    icon: text(form, 'icon'),
    sortOrder: sort.value,
    visible: checkbox(form, 'visible'),
  };
  if (intent === 'update') {
    const done = await attempt(
      () => inShop(context, shop, (trx) => updateShopCategory(trx, text(form, 'id'), input)),
      result,
    );
    if (!done.ok) return done.response;
    return redirect(`${here}?notice=saved`);
  }
  const done = await attempt(() => inShop(context, shop, (trx) => createShopCategory(trx, input)), {
    ...result,
    intent: 'create',
  });
  if (!done.ok) return done.response;
  return redirect(`${here}?notice=created`);
}

export default function ShopCategories() {
  const loaded = useLoaderData<typeof loader>();
  const { categories, deleting, canEdit, notice, moved } = loaded;
  const result = useActionData<typeof action>() as FormResult | undefined;
  // A refused edit stays on the category it was about, whatever the address says.
  const editing =
    result?.intent === 'update'
      ? (categories.find((c) => c.id === result.values?.id) ?? loaded.editing)
      : loaded.editing;
  const location = useLocation();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === 'submitting';
  const mode = editing ? 'update' : 'create';
  const sent = result?.intent === mode ? result : undefined;
  const v = (name: string, fallback: string) => sent?.values?.[name] ?? fallback;
  const notices = {
    created: t('console.shopCategories.created'),
    saved: t('console.shopCategories.saved'),
    deleted: t('console.shopCategories.deleted', { count: moved }),
  } as Record<string, string>;
  const listError =
    result && result.intent !== 'create' && result.intent !== 'update' ? result : undefined;

  return (
    <>
      <PageHeader
        title={t('console.shopCategories.title')}
        subtitle={t('console.shopCategories.subtitle')}
      />
      {!canEdit ? (
        <div className="mb-4">
          <ReadOnlyNote />
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="space-y-3">
          {notice && notices[notice] ? <FormMessage notice={notices[notice]} /> : null}
          <FormMessage error={listError?.formError} />
          {deleting && canEdit ? (
            <Panel title={t('console.shopCategories.deleteTitle', { name: deleting.name })}>
              <Form method="post" className="space-y-3">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="id" value={deleting.id} />
                <p className="text-sm text-slate-700">
                  {t('console.shopCategories.deleteConfirm', { count: deleting.listingCount })}
                </p>
                <div className="flex gap-2">
                  <Btn variant="danger" disabled={busy}>
                    {t('console.shopCategories.deleteYes')}
                  </Btn>
                  <LinkBtn to="?">{t('console.common.cancel')}</LinkBtn>
                </div>
              </Form>
            </Panel>
          ) : null}
          {categories.length === 0 ? (
            <p className="rounded-xl bg-white p-8 text-center text-slate-500 ring-1 ring-slate-200">
              {t('console.shopCategories.empty')}
            </p>
          ) : (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="reorder" />
              <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                {categories.map((c) => (
                  <li
                    key={c.id}
                    className={cx(
                      'flex flex-wrap items-center gap-3 px-4 py-3',
                      editing?.id === c.id && 'bg-indigo-50',
                    )}
                  >
                    <span className="w-7 text-center text-xl" aria-hidden>
                      {c.icon || '·'}
                    </span>
                    <div className="min-w-0 flex-1">
                      <p className="font-medium">
                        {c.name}{' '}
                        {!c.visible ? (
                          <Badge tone="slate">{t('console.shopCategories.hiddenBadge')}</Badge>
                        ) : null}
                      </p>
                      <p className="text-xs text-slate-500">
                        <code>/c/{c.slug}</code> ·{' '}
                        {t('console.shopCategories.listingCount', { count: c.listingCount })}
                      </p>
                    </div>
                    {canEdit ? (
                      <div className="flex items-center gap-2">
                        <label className="sr-only" htmlFor={`order-${c.id}`}>
                          {t('console.categories.order')}
                        </label>
                        <input
                          id={`order-${c.id}`}
                          name={`order.${c.id}`}
                          inputMode="numeric"
                          defaultValue={listError?.values?.[`order.${c.id}`] ?? String(c.sortOrder)}
                          aria-invalid={
                            listError?.fieldErrors?.[`order.${c.id}`] ? true : undefined
                          }
                          className={cx(
                            'h-8 w-16 rounded-md border px-2 text-sm',
                            listError?.fieldErrors?.[`order.${c.id}`]
                              ? 'border-red-500'
                              : 'border-slate-300',
                          )}
                        />
                        <button
                          type="submit"
                          form={`visibility-${c.id}`}
                          className="text-brand text-sm hover:underline"
                        >
                          {c.visible ? t('console.listings.hide') : t('console.listings.show')}
                        </button>
                        <Link to={`?edit=${c.id}`} className="text-brand text-sm hover:underline">
                          {t('console.common.edit')}
                        </Link>
                        <Link
                          to={`?delete=${c.id}`}
                          className="text-sm text-red-700 hover:underline"
                        >
                          {t('console.shopCategories.delete')}
                        </Link>
                      </div>
                    ) : (
                      <span className="text-sm text-slate-500">
                        {t('console.categories.order')} {c.sortOrder}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
              {canEdit ? (
                <div className="mt-3 flex items-center justify-between gap-2">
                  <p className="text-xs text-slate-500">{t('console.categories.orderHint')}</p>
                  <Btn variant="secondary" size="sm" disabled={busy}>
                    {t('console.shopCategories.saveOrder')}
                  </Btn>
                </div>
              ) : null}
            </Form>
          )}
          {/* Visibility toggles live outside the reorder form (forms cannot nest). */}
          {canEdit
            ? categories.map((c) => (
                <Form key={c.id} method="post" id={`visibility-${c.id}`} preventScrollReset hidden>
                  <input type="hidden" name="intent" value="visibility" />
                  <input type="hidden" name="id" value={c.id} />
                  <input type="hidden" name="value" value={String(!c.visible)} />
                </Form>
              ))
            : null}
        </div>

        {canEdit ? (
          <Panel
            title={
              editing
                ? t('console.shopCategories.editTitle', { name: editing.name })
                : t('console.shopCategories.create')
            }
            className="self-start"
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
                label={t('console.shopCategories.name')}
                name="name"
                required
                maxLength={40}
                defaultValue={v('name', editing?.name ?? '')}
                error={sent?.fieldErrors?.name}
              />
              <TextField
                label={t('console.shopCategories.slug')}
                name="slug"
                required
                maxLength={40}
                autoCapitalize="off"
                spellCheck={false}
                hint={t('console.shopCategories.slugHint')}
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
                  defaultValue={v('sortOrder', String(editing?.sortOrder ?? 0))}
                  error={sent?.fieldErrors?.sortOrder}
                />
              </div>
              <CheckboxField
                label={t('console.shopCategories.visible')}
                name="visible"
                defaultChecked={
                  sent?.values ? sent.values.visible === 'on' : (editing?.visible ?? true)
                }
              />
              <div className="flex gap-2 pt-1">
                <Btn type="submit" disabled={busy}>
                  {editing ? t('console.common.save') : t('console.shopCategories.createSubmit')}
                </Btn>
                {editing ? <LinkBtn to="?">{t('console.common.cancel')}</LinkBtn> : null}
              </div>
            </Form>
          </Panel>
        ) : null}
      </div>
    </>
  );
}
