import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import {
  createProduct,
  listCategoryTree,
  renderDescription,
  type CreateProductInput,
} from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { categoryOptions } from '../category-options';
import { PageHeader } from '../components';
import { attempt, badRequest, text } from '../forms.server';
import { ProductForm, type ProductFormResult } from '../product-form';
import { productFields, remapTopupErrors, resolveProductImage } from '../product-form.server';
import { readProductForm } from '../uploads.server';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';
import { ReadOnlyNote } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { canEdit, base } = await requireSupplier(request, context, params.slug);
  return {
    categories: categoryOptions(await listCategoryTree(context.runtime.db)),
    canEdit,
    base,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { supplier, base } = await requireSupplier(
    request,
    context,
    params.slug,
    'products.manage',
  );
  const { form, oversizeImage } = await readProductForm(request);
  const intent = text(form, 'intent') === 'preview' ? 'preview' : 'save';
  const type = text(form, 'type');
  const { input, rowOf, values } = productFields(form, type);
  const image = await resolveProductImage(context, form, oversizeImage);
  const sentBack = { intent, values: { ...values, imageKey: image.imageKey ?? '' } };

  if (intent === 'preview') {
    return {
      ...sentBack,
      previewHtml: renderDescription(input.descriptionMd),
      ...(image.error ? { fieldErrors: { image: image.error } } : {}),
    } satisfies ProductFormResult;
  }
  if (image.error) {
    return badRequest({ ...sentBack, formError: image.error, fieldErrors: { image: image.error } });
  }
  const created = await attempt(
    () =>
      asSupplier(context, supplier, (trx) =>
        createProduct(trx, {
          ...input,
          type: type as CreateProductInput['type'],
          imageKey: image.imageKey,
          status: text(form, 'status') as 'draft' | 'active',
          topupFields: input.topupFields as CreateProductInput['topupFields'],
        }),
      ),
    sentBack,
    (errors) => remapTopupErrors(errors, rowOf),
  );
  if (!created.ok) return created.response;
  return redirect(`${base}/products/${created.value.id}?notice=created`);
}

export default function NewProduct() {
  const { categories, canEdit, base } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ProductFormResult | undefined;
  const t = useT();
  const lang = useLang();
  return (
    <>
      <PageHeader
        title={t('console.product.newTitle')}
        subtitle={t('console.product.newSubtitle')}
      />
      {canEdit ? (
        <ProductForm
          mode="create"
          categories={categories.map((c) => ({
            value: c.id,
            label: lang === 'en' ? c.labelEn : c.label,
          }))}
          defaults={{
            type: 'card_code',
            categoryId: '',
            name: '',
            descriptionMd: '',
            regionLock: '',
            imageKey: null,
            status: 'active',
            topupFields: [],
          }}
          result={result}
          cancelTo={`${base}/products`}
        />
      ) : (
        <ReadOnlyNote />
      )}
    </>
  );
}
