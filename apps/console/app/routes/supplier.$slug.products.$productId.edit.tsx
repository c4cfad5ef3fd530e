import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useParams } from '@remix-run/react';
import {
  getSupplierProduct,
  listCategoryTree,
  renderDescription,
  updateProduct,
  type UpdateProductInput,
} from '@cardshop/domain';
import { useLang, useT } from '@cardshop/ui';
import { categoryOptions } from '../category-options';
import { PageHeader } from '../components';
import { attempt, badRequest, orNotFound, text } from '../forms.server';
import { ProductForm, type ProductFormResult } from '../product-form';
import { productFields, remapTopupErrors, resolveProductImage } from '../product-form.server';
import { readProductForm } from '../uploads.server';
import { asSupplier } from '../scopes.server';
import { requireSupplier } from '../supplier-area.server';
import { NotFoundBoundary, ReadOnlyNote } from '../ui';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { supplier, canEdit, base } = await requireSupplier(request, context, params.slug);
  const product = await orNotFound(() =>
    asSupplier(context, supplier, (trx) => getSupplierProduct(trx, params.productId ?? '')),
  );
  return {
    product: {
      id: product.id,
      type: product.type,
      categoryId: product.categoryId,
      name: product.name,
      descriptionMd: product.descriptionMd,
      regionLock: product.regionLock ?? '',
      imageKey: product.imageKey,
      topupFields: product.topupFields,
    },
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
  const id = params.productId ?? '';
  const current = await orNotFound(() =>
    asSupplier(context, supplier, (trx) => getSupplierProduct(trx, id)),
  );
  const { form, oversizeImage } = await readProductForm(request);
  const intent = text(form, 'intent') === 'preview' ? 'preview' : 'save';
  const { input, rowOf, values } = productFields(form, current.type);
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
  const { topupFields, ...rest } = input;
  const update: UpdateProductInput = {
    ...rest,
    imageKey: image.imageKey,
    // Only a direct top-up has account fields; leave the others' (empty) list alone.
    ...(current.type === 'direct_topup'
      ? { topupFields: topupFields as UpdateProductInput['topupFields'] }
      : {}),
  };
  const saved = await attempt(
    () => asSupplier(context, supplier, (trx) => updateProduct(trx, id, update)),
    sentBack,
    (errors) => remapTopupErrors(errors, rowOf),
  );
  if (!saved.ok) return saved.response;
  return redirect(`${base}/products/${id}?notice=saved`);
}

export default function EditProduct() {
  const { product, categories, canEdit, base } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ProductFormResult | undefined;
  const t = useT();
  const lang = useLang();
  return (
    <>
      <PageHeader title={t('console.product.editTitle', { name: product.name })} />
      {canEdit ? (
        <ProductForm
          mode="edit"
          categories={categories.map((c) => ({
            value: c.id,
            label: lang === 'en' ? c.labelEn : c.label,
          }))}
          defaults={product}
          result={result}
          cancelTo={`${base}/products/${product.id}`}
        />
      ) : (
        <ReadOnlyNote />
      )}
    </>
  );
}

export function ErrorBoundary() {
  const { slug } = useParams();
  return <NotFoundBoundary what="console.product.notFound" back={`/supplier/${slug}/products`} />;
}
