import { Create, SimpleForm } from "react-admin";
import { CustomerInputs } from "./CustomerInputs";

const CustomerCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ kind: "INDIVIDUAL", status: "PROSPECT", language: "zh-CN" }} warnWhenUnsavedChanges>
      <CustomerInputs />
    </SimpleForm>
  </Create>
);

export default CustomerCreate;
